"""An article in one language as partners get it: the facts every wire format is made from.

``wire_item()`` reads an article (loaded with ``wire_queryset()``, so that a list
of any length costs the same few queries) in one language and keeps only that
language's text: a person or tag with no name there is left out, never shown
in another language. The formats (``syndication.ninjs``, ``syndication.newsml``)
only arrange these facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from articles.models import Article, Rendition

#: The publishing statuses of ninjs and NewsML-G2.
USABLE = "usable"
CANCELED = "canceled"


def site_url(path: str = "") -> str:
    """An absolute address on the public site (``NEWSROOM_SITE_URL``)."""
    return settings.NEWSROOM_SITE_URL.rstrip("/") + path


def _authority() -> str:
    return urlsplit(settings.NEWSROOM_SITE_URL).netloc or "localhost"


def item_uri(article_pk: int, language: str) -> str:
    """The stable identifier of an article in one language, the same in every format."""
    return f"urn:newsroom:{_authority()}:article:{article_pk}:{language}"


def entity_uri(kind: str, pk: int) -> str:
    """The stable identifier of a person, organisation, tag, section, source or photo."""
    return f"urn:newsroom:{_authority()}:{kind}:{pk}"


def embargo_until(article: Article) -> datetime | None:
    """The hook for embargoes: when an article is embargoed until, or None.

    An embargo lives on the article (the agency ingest sets it); until it has
    passed, the item may go to partners who accept embargoed copy, marked with
    it, and never to the public site, whose rule stays ``Article.objects.public``.
    """
    until = getattr(article, "embargo", None) or getattr(article, "embargoed_until", None)
    if until is not None and until > timezone.now():
        return until
    return None


@dataclass(frozen=True)
class Entity:
    uri: str
    name: str
    literal: str = ""


@dataclass(frozen=True)
class Picture:
    uri: str
    caption: str
    alt_text: str
    credit: str
    renditions: tuple[tuple[str, str, int, int, str], ...]  # name, href, width, height, type


@dataclass(frozen=True)
class WireItem:
    """One article in one language, ready to be written in any wire format."""

    article_pk: int
    language: str
    uri: str
    version: int
    headline: str = ""
    summary: str = ""
    body_html: str = ""
    web_url: str = ""
    first_created: datetime | None = None
    version_created: datetime | None = None
    published: datetime | None = None
    embargoed: datetime | None = None
    pub_status: str = USABLE
    section: Entity | None = None
    source: Entity | None = None
    people: tuple[Entity, ...] = ()
    organisations: tuple[Entity, ...] = ()
    tags: tuple[Entity, ...] = ()
    picture: Picture | None = None
    extra: dict = field(default_factory=dict)


def wire_queryset(queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """Articles with everything ``wire_item`` reads, in a fixed number of queries."""
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.select_related("section", "source", "lead_photo__credit").prefetch_related(
        "people",
        "organisations",
        "tags",
        Prefetch("lead_photo__renditions", queryset=Rendition.objects.order_by("format", "width")),
    )


def _version(article: Article) -> int:
    """A version number that grows with every change (seconds since the epoch of the last one)."""
    moments = [m for m in (article.updated_at, article.published_at) if m is not None]
    return max(1, int(max(moments).timestamp())) if moments else 1


def _name(obj, language: str, attribute: str = "name") -> str:
    return (getattr(obj, f"{attribute}_{language}", "") or "").strip()


def _entities(objects, kind: str, language: str) -> tuple[Entity, ...]:
    return tuple(
        Entity(uri=entity_uri(kind, obj.pk), name=name, literal=obj.slug)
        for obj in objects
        if (name := _name(obj, language))
    )


def _picture(article: Article, language: str) -> Picture | None:
    photo = article.lead_photo
    if photo is None:
        return None
    renditions = tuple(
        (
            f"{r.format}-{r.width}",
            site_url(r.file.url),
            r.width,
            r.height,
            "image/webp" if r.format == Rendition.Format.WEBP else "image/jpeg",
        )
        for r in photo.renditions.all()
    )
    return Picture(
        uri=entity_uri("photo", photo.pk),
        caption=_name(photo, language, "caption"),
        alt_text=_name(photo, language, "alt_text"),
        credit=_name(photo.credit, language) if photo.credit else "",
        renditions=renditions,
    )


def wire_item(article: Article, language: str, *, embargoed: datetime | None = None) -> WireItem:
    """``article`` in ``language`` as partners get it (usable), with its embargo if one is given."""
    published = article.published_at
    updated = max(m for m in (article.updated_at, published) if m is not None)
    section = article.section
    source = article.source
    return WireItem(
        article_pk=article.pk,
        language=language,
        uri=item_uri(article.pk, language),
        version=_version(article),
        headline=_name(article, language, "title"),
        summary=_name(article, language, "standfirst"),
        body_html=getattr(article, f"body_{language}") or "",
        web_url=site_url(article.get_absolute_url(language)),
        first_created=min(article.created_at, published or article.created_at),
        version_created=updated,
        published=published,
        embargoed=embargoed,
        section=(
            Entity(entity_uri("section", section.pk), name, section.slug)
            if section and (name := _name(section, language))
            else None
        ),
        source=(
            Entity(entity_uri("source", source.pk), name, source.slug)
            if source and (name := _name(source, language))
            else None
        ),
        people=_entities(article.people.all(), "person", language),
        organisations=_entities(article.organisations.all(), "organisation", language),
        tags=_entities(article.tags.all(), "tag", language),
        picture=_picture(article, language),
    )


def withdrawal_item(article_pk: int, language: str, *, at: datetime | None = None) -> WireItem:
    """The notice that an article in ``language`` is withdrawn (``canceled``): no content."""
    at = at or timezone.now()
    return WireItem(
        article_pk=article_pk,
        language=language,
        uri=item_uri(article_pk, language),
        version=max(1, int(at.timestamp())),
        version_created=at,
        pub_status=CANCELED,
    )
