"""The partner read API (django-ninja): published stories per language, as ninjs or NewsML-G2.

``GET /api/partners/v1/<language>/items`` lists what is public in that
language, newest first, with ``updated_since``, ``section``, ``tag``, ``person``
and ``source`` filters and an opaque ``cursor`` for the next page;
``GET /api/partners/v1/<language>/items/<id>`` is one story. Every request
carries a partner's token (``Authorization: Bearer nrp_…``, made in the
admin, stored as a digest); each partner has its own rate limit, counted in
the shared cache. Responses carry an ``ETag`` (a repeat with
``If-None-Match`` gets a 304). The OpenAPI description is at
``/api/partners/v1/openapi.json``. Visibility is ``Article.objects.public``:
nothing else ever appears.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from articles.models import Article
from newsroom.i18n import LANGUAGE_CODES
from syndication.formats import WireFormat, item_write
from syndication.models import TOKEN_PREFIX, Partner, token_digest
from syndication.ninjs import ninjs_22, ninjs_31
from syndication.wire import wire_item, wire_queryset

Language = enum.StrEnum("Language", {code: code for code in LANGUAGE_CODES})


class ListFormat(enum.StrEnum):
    NINJS_3_1 = WireFormat.NINJS_3_1.value
    NINJS_2_2 = WireFormat.NINJS_2_2.value


class PartnerToken(HttpBearer):
    """A partner's token, checked against the stored digests."""

    def authenticate(self, request: HttpRequest, token: str) -> Partner | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        return Partner.objects.filter(token_digest=token_digest(token), is_active=True).first()


class PartnerRateThrottle(AuthRateThrottle):
    """Each partner's own number of requests a minute, counted in the shared cache."""

    rate = "120/m"

    def allow_request(self, request: HttpRequest) -> bool:
        partner = getattr(request, "auth", None)
        if isinstance(partner, Partner):
            self.num_requests, self.duration = partner.requests_per_minute, 60
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        partner = getattr(request, "auth", None)
        ident = f"partner-{partner.pk}" if isinstance(partner, Partner) else self.get_ident(request)
        return self.cache_format % {"scope": "partner-api", "ident": ident}


api = NinjaAPI(
    title="Newsroom partner API",
    version="1",
    description=(
        "Published stories in Arabic, Russian and English as IPTC ninjs 3.1 or 2.2 "
        "(https://iptc.org/standards/ninjs/) and NewsML-G2 2.35 news items. Authenticate "
        "with `Authorization: Bearer <token>`; each token has a rate limit per minute (429 "
        "beyond it). Lists are newest first; follow `next` for older stories. Responses "
        "carry an ETag: send it back in If-None-Match to get a 304 when nothing changed."
    ),
    urls_namespace="partner-api",
    docs_url=None,  # the interactive page loads scripts from a CDN; the description is enough
    auth=PartnerToken(),
    throttle=[PartnerRateThrottle()],
)


class ItemList(Schema):
    items: list[dict[str, Any]] = Field(
        description="ninjs objects (see https://www.iptc.org/std/ninjs/)"
    )
    next: str | None = Field(None, description="The address of the next (older) page, if any")


class ListFilters(Schema):
    updated_since: datetime | None = Field(
        None, description="Only stories published or changed at or after this time (ISO 8601)"
    )
    section: str | None = Field(None, description="A section's slug")
    tag: str | None = Field(None, description="A tag's slug")
    person: str | None = Field(None, description="A person's slug")
    source: str | None = Field(None, description="A source's slug (an agency)")
    cursor: str | None = Field(None, description="From the previous page's `next`")
    limit: int = Field(
        settings.NEWSROOM_API_PAGE_SIZE, ge=1, le=settings.NEWSROOM_API_MAX_PAGE_SIZE
    )
    format: ListFormat = Field(ListFormat.NINJS_3_1, description="ninjs version of the items")


def _cursor_make(article: Article) -> str:
    raw = f"{article.published_at.isoformat()}|{article.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_read(cursor: str) -> Q:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        when = parse_datetime(moment)
        pk = int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        when = None
    if when is None:
        raise HttpError(400, str(_("The cursor is not one this API gave.")))
    return Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk)


def _conditional(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    """``body`` with an ETag, or a 304 when the partner already has it."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Authorization",))
    return response


def _public(language: str):
    if language not in LANGUAGE_CODES:
        raise Http404
    return Article.objects.public(language)


@api.get("/{language}/items", response=ItemList, summary="Published stories in one language")
def items_list(request: HttpRequest, language: Language, filters: Query[ListFilters]):
    """Stories public in ``language``, newest first, ``limit`` at a time."""
    articles = _public(language)
    if filters.updated_since:
        since = filters.updated_since
        articles = articles.filter(Q(updated_at__gte=since) | Q(published_at__gte=since))
    for name, lookup in (
        ("section", "section__slug"),
        ("tag", "tags__slug"),
        ("person", "people__slug"),
        ("source", "source__slug"),
    ):
        if value := getattr(filters, name):
            articles = articles.filter(**{lookup: value})
    if filters.cursor:
        articles = articles.filter(_cursor_read(filters.cursor))
    page = list(wire_queryset(articles).order_by("-published_at", "-pk")[: filters.limit + 1])
    build = ninjs_31 if filters.format == ListFormat.NINJS_3_1 else ninjs_22
    items = [build(wire_item(article, language)) for article in page[: filters.limit]]
    next_url = None
    if len(page) > filters.limit:
        query = request.GET.copy()
        query["cursor"] = _cursor_make(page[filters.limit - 1])
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    body = json.dumps({"items": items, "next": next_url}, ensure_ascii=False).encode()
    return _conditional(request, body, "application/json; charset=utf-8")


@api.get(
    "/{language}/items/{item_id}",
    response={200: dict[str, Any]},
    summary="One story in one language",
)
def item_detail(
    request: HttpRequest,
    language: Language,
    item_id: int,
    format: WireFormat = WireFormat.NINJS_3_1,
):
    """A story public in ``language`` as ninjs 3.1, ninjs 2.2 or a NewsML-G2 news item."""
    article = wire_queryset(_public(language)).filter(pk=item_id).first()
    if article is None:
        raise HttpError(404, str(_("No story with this id is published in this language.")))
    body, content_type = item_write(wire_item(article, language), format)
    return _conditional(request, body, content_type)
