"""Ingest: agency items become draft articles, once each, whatever the channel.

``ingest_delivery`` takes one delivery (a file, a pushed body, a fetched feed), parses
it (``wire.parsers``) and ingests each item in a transaction of its own: a bad item is
refused with a clear line in the ingest log, the others still land, and nothing is ever
half-saved. Items are idempotent by (agency, item id): the same version again changes
nothing; a higher version updates a draft no editor has touched (a new revision), or is
kept aside as «agency update available» when an editor changed it; a canceled or
withheld item flags its draft, and alerts the editors by email if it was published.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.images import photo_save
from articles.models import Article, Photo, PhotoCredit, RevisionNote, Tag
from articles.richtext import sanitize_body
from articles.workflow import article_save
from newsroom.content import content_save
from newsroom.i18n import LANGUAGE_CODES
from newsroom.roles import PUBLISH_PERMISSION
from people.models import Organisation, Person
from wire.models import Agency, EntityName, IngestLog, WireItem
from wire.parsers import BadItem, ParsedItem, Picture, parse_delivery

logger = logging.getLogger(__name__)

Level = IngestLog.Level
#: The article fields ingest writes in the item's language.
TEXT_FIELDS = ("title", "standfirst", "body")


def max_item_bytes() -> int:
    return getattr(settings, "WIRE_MAX_ITEM_BYTES", 1_000_000)


def max_delivery_bytes() -> int:
    return getattr(settings, "WIRE_MAX_DELIVERY_BYTES", 10_000_000)


@dataclass
class Result:
    level: str
    message: str
    wire_item: WireItem | None = None


def ingest_delivery(
    *,
    agency: Agency,
    data: bytes,
    channel: str,
    origin: str = "",
    files_dir: Path | None = None,
) -> list[IngestLog]:
    """Ingest every item of ``data``; return the log lines written (one per item or note).

    ``files_dir`` is where files delivered with the items are (a drop folder's batch):
    a picture is taken from there only, never fetched from a remote address.
    """
    lines: list[IngestLog] = []

    def log(label: str, result: Result) -> None:
        lines.append(
            IngestLog(
                agency=agency,
                channel=channel,
                origin=origin[:500],
                item=label[:500],
                level=result.level,
                message=result.message,
                wire_item=result.wire_item,
            )
        )

    if len(data) > max_delivery_bytes():
        log(
            "",
            Result(
                Level.ERROR,
                _("The delivery is larger than %(limit)d bytes: refused.")
                % {"limit": max_delivery_bytes()},
            ),
        )
    else:
        try:
            parsed = parse_delivery(data)
        except BadItem as error:
            parsed = []
            log("", Result(Level.ERROR, str(error)))
        seen: set[str] = set()
        for entry in parsed:
            if entry.info:
                log(entry.label, Result(Level.INFO, entry.info))
            elif entry.error:
                log(entry.label, Result(Level.ERROR, entry.error))
            elif entry.item.guid in seen:
                log(
                    entry.label,
                    Result(
                        Level.ERROR,
                        _("The same id twice in one delivery: only the first was ingested."),
                    ),
                )
            else:
                seen.add(entry.item.guid)
                try:
                    with transaction.atomic():
                        result = ingest_item(agency=agency, item=entry.item, files_dir=files_dir)
                except BadItem as error:
                    result = Result(Level.ERROR, str(error))
                except ValidationError as error:
                    result = Result(
                        Level.ERROR,
                        _("Not saved: %(errors)s") % {"errors": "; ".join(error.messages)},
                    )
                except Exception as error:  # one item's failure never stops the batch
                    logger.exception("Ingest of %s failed", entry.label)
                    result = Result(
                        Level.ERROR,
                        _("Not saved: %(error)s") % {"error": f"{type(error).__name__}: {error}"},
                    )
                log(entry.label, result)
    return IngestLog.objects.bulk_create(lines)


# --- One item ---------------------------------------------------------------------------------


def item_language(item: ParsedItem, agency: Agency) -> str:
    """The site language of ``item`` (its primary subtag), or ``BadItem``."""
    code = (item.language or agency.language).split("-")[0].split("_")[0].lower()
    if code not in LANGUAGE_CODES:
        raise BadItem(
            _("The item is in “%(language)s”, not a language the site publishes (%(ours)s).")
            % {"language": item.language, "ours": ", ".join(LANGUAGE_CODES)}
        )
    return code


def _checked(item: ParsedItem, agency: Agency) -> tuple[str, dict[str, str]]:
    """The item's language and text fields, checked; ``BadItem`` says what is wrong."""
    size = sum(len(str(v).encode()) for v in (item.headline, item.standfirst, item.body))
    if size > max_item_bytes():
        raise BadItem(
            _("The item is larger than %(limit)d bytes: refused.") % {"limit": max_item_bytes()}
        )
    if not item.headline:
        raise BadItem(_("The item has no headline."))
    language = item_language(item, agency)
    max_length = Article._meta.get_field(f"title_{language}").max_length
    if len(item.headline) > max_length:
        raise BadItem(
            _("The headline is longer than %(limit)d characters.") % {"limit": max_length}
        )
    return language, {
        f"title_{language}": item.headline,
        f"standfirst_{language}": item.standfirst,
        f"body_{language}": sanitize_body(item.body),
    }


def _fingerprint(article: Article, language: str) -> str:
    text = "\x00".join(str(getattr(article, f"{name}_{language}") or "") for name in TEXT_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()


def ingest_item(*, agency: Agency, item: ParsedItem, files_dir: Path | None = None) -> Result:
    """Ingest one parsed item (the caller holds the transaction)."""
    language, values = _checked(item, agency)
    existing = (
        WireItem.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(agency=agency, guid=item.guid)
        .first()
    )
    if existing is None:
        return _create(agency, item, language, values, files_dir)
    if item.pubstatus != WireItem.PubStatus.USABLE:
        return _withdraw(existing, item)
    if item.version <= existing.version:
        return Result(
            Level.INFO,
            _("Already ingested (version %(version)d): nothing changed.")
            % {"version": existing.version},
            existing,
        )
    article = existing.article
    if article is None or _fingerprint(article, existing.language) != existing.fingerprint:
        existing.pending = item.as_json()
        existing.pending_version = item.version
        existing.save(update_fields=["pending", "pending_version", "updated_at"])
        return Result(
            Level.INFO,
            _(
                "Agency update available (version %(version)d): an editor changed the draft, "
                "so the update is kept aside for them."
            )
            % {"version": item.version},
            existing,
        )
    return _update(existing, item, language, values, files_dir)


def _create(agency, item, language, values, files_dir) -> Result:
    links, unmatched = _links(item, language)
    photo = _photos(item, language, files_dir, unmatched)
    values[f"slug_{language}"] = _unique_article_slug(language, item.headline)
    article = Article(
        original_language=language,
        status=Article.Status.DRAFT,
        source=agency.source,
        embargoed_until=item.embargo,
        lead_photo=photo,
        **values,
    )
    with reversion.create_revision():
        article = article_save(
            article=article,
            user=None,
            changed=(),
            m2m=links,
            kind=RevisionNote.Kind.IMPORTED,
            details={"source": agency.name, "item": item.guid, "version": item.version},
        )
        reversion.set_comment(
            _("Imported from %(agency)s: item %(guid)s, version %(version)d")
            % {"agency": agency.name, "guid": item.guid, "version": item.version}
        )
    wire_item = WireItem.objects.create(
        agency=agency,
        guid=item.guid,
        version=item.version,
        format=item.format,
        language=language,
        headline=item.headline,
        urgency=item.urgency,
        embargo=item.embargo,
        pubstatus=item.pubstatus,
        byline=item.byline[:300],
        dateline=item.dateline[:300],
        article=article,
        fingerprint=_fingerprint(article, language),
        unmatched=unmatched,
    )
    if item.pubstatus != WireItem.PubStatus.USABLE:
        return Result(
            Level.INFO,
            _("Ingested as a draft already flagged “%(status)s” by the agency.")
            % {"status": wire_item.get_pubstatus_display()},
            wire_item,
        )
    return Result(
        Level.OK, _("Draft created (version %(version)d).") % {"version": item.version}, wire_item
    )


def _unique_article_slug(language: str, headline: str) -> str | None:
    base = slugify(headline, allow_unicode=True)[:280]
    if not base:
        return None
    taken = set(
        Article.objects.filter(**{f"slug_{language}__startswith": base}).values_list(
            f"slug_{language}", flat=True
        )
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def apply_pending(*, wire_item: WireItem, user) -> Result:
    """An editor chose to take the agency update kept aside: it replaces the draft's text
    in its language (their changes stay in the revisions)."""
    with transaction.atomic():
        wire_item = (
            WireItem.objects.select_for_update(of=("self",))
            .select_related("article", "agency")
            .get(pk=wire_item.pk)
        )
        if wire_item.pending is None or wire_item.article is None:
            return Result(Level.INFO, _("No agency update to apply."), wire_item)
        item = ParsedItem.from_json(wire_item.pending)
        language, values = _checked(item, wire_item.agency)
        return _update(wire_item, item, language, values, None, user=user)


def _update(wire_item, item, language, values, files_dir, user=None) -> Result:
    article = wire_item.article
    links, unmatched = _links(item, language)
    changed = set(values) | {"embargoed_until", *links}
    for name, value in values.items():
        setattr(article, name, value)
    article.embargoed_until = item.embargo
    if language != article.original_language and not any(
        getattr(article, f"{name}_{article.original_language}") for name in TEXT_FIELDS
    ):
        article.original_language = language
        changed.add("original_language")
    with reversion.create_revision():
        article = article_save(
            article=article,
            user=user,
            changed=changed,
            m2m=links,
            kind=RevisionNote.Kind.IMPORTED,
            details={"source": wire_item.agency.name, "item": item.guid, "version": item.version},
        )
        reversion.set_comment(
            _("Agency update from %(agency)s: version %(version)d")
            % {"agency": wire_item.agency.name, "version": item.version}
        )
    wire_item.version = item.version
    wire_item.headline = item.headline
    wire_item.urgency = item.urgency
    wire_item.embargo = item.embargo
    wire_item.byline, wire_item.dateline = item.byline[:300], item.dateline[:300]
    wire_item.language = language
    wire_item.fingerprint = _fingerprint(article, language)
    wire_item.unmatched = unmatched
    wire_item.pending = wire_item.pending_version = None
    wire_item.save()
    return Result(
        Level.OK,
        _("Draft updated to version %(version)d (a new revision).") % {"version": item.version},
        wire_item,
    )


def _withdraw(wire_item: WireItem, item: ParsedItem) -> Result:
    """The agency canceled or withheld the item: flag the draft; alert if it was published."""
    wire_item.pubstatus = item.pubstatus
    wire_item.version = max(wire_item.version, item.version)
    wire_item.save(update_fields=["pubstatus", "version", "updated_at"])
    article = wire_item.article
    published = article is not None and article.status == Article.Status.PUBLISHED
    if published:
        transaction.on_commit(lambda: _alert_editors(wire_item))
    message = _("The agency marked the item “%(status)s”: the draft is flagged.") % {
        "status": wire_item.get_pubstatus_display()
    }
    if published:
        message += " " + _("The article is published: the editors were alerted by email.")
    return Result(Level.ERROR if published else Level.INFO, message, wire_item)


def _alert_editors(wire_item: WireItem) -> None:
    editors = (
        get_user_model()
        .objects.with_perm(PUBLISH_PERMISSION, backend="django.contrib.auth.backends.ModelBackend")
        .filter(is_active=True)
        .exclude(email="")
    )
    recipients = sorted({editor.email for editor in editors})
    if not recipients:
        return
    url = reverse("admin:articles_article_change", args=[wire_item.article_id])
    send_mail(
        _("Agency %(status)s: %(title)s")
        % {"status": wire_item.get_pubstatus_display(), "title": wire_item.headline},
        _(
            "%(agency)s marked item %(guid)s “%(status)s”, and the article made from it is "
            "published. Check it now: %(url)s"
        )
        % {
            "agency": wire_item.agency.name,
            "guid": wire_item.guid,
            "status": wire_item.get_pubstatus_display(),
            "url": url,
        },
        None,
        recipients,
    )


# --- Entities: matched by URI, or by name or alias in the item's language -------------------


def _match(model: type[models.Model], language: str, name: str, uri: str):
    content_type = ContentType.objects.get_for_model(model)
    aliases = EntityName.objects.filter(content_type=content_type)
    if uri:
        found = aliases.filter(name=uri).first()
        if found is not None:
            return model._default_manager.filter(pk=found.object_id).first()
    # Exactly, or without case (SQLite lowers ASCII letters only; PostgreSQL every script).
    obj = (
        model._default_manager.annotate(_name=Lower(f"name_{language}"))
        .filter(Q(**{f"name_{language}": name}) | Q(_name=name.lower()))
        .first()
    )
    if obj is None:
        alias = (
            aliases.filter(language__in=[language, ""])
            .annotate(_name=Lower("name"))
            .filter(Q(name=name) | Q(_name=name.lower()))
            .first()
        )
        obj = alias and model._default_manager.filter(pk=alias.object_id).first()
    if obj is not None and uri:
        EntityName.objects.get_or_create(content_type=content_type, object_id=obj.pk, name=uri)
    return obj


def _unique_slug(model, name: str) -> str:
    base = slugify(name, allow_unicode=True)[:80] or "item"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _entity(model, language: str, name: str, uri: str, unmatched: list[str]):
    """Ours, or a new one for an Arabic item (our entities are named in Arabic first: a
    name in another language alone would show Latin or Cyrillic names on Arabic pages, so
    those are listed for the desk instead)."""
    obj = _match(model, language, name, uri)
    if obj is None and language == settings.LANGUAGE_CODE:
        obj = content_save(
            obj=model(**{f"name_{language}": name[:100]}, slug=_unique_slug(model, name)),
            changed=(),
        )
        if uri:
            EntityName.objects.create(
                content_type=ContentType.objects.get_for_model(model), object_id=obj.pk, name=uri
            )
    if obj is None:
        unmatched.append(name)
    return obj


def _links(item: ParsedItem, language: str) -> tuple[dict[str, list], dict[str, list[str]]]:
    unmatched: dict[str, list[str]] = {"tags": [], "people": [], "organisations": []}
    tags = [
        _entity(Tag, language, name, uri, unmatched["tags"])
        for name, uri in [*item.subjects, *((k, "") for k in item.keywords)]
    ]
    people = [_entity(Person, language, n, u, unmatched["people"]) for n, u in item.people]
    organisations = [
        _entity(Organisation, language, n, u, unmatched["organisations"])
        for n, u in item.organisations
    ]
    links = {
        "tags": list(dict.fromkeys(t for t in tags if t)),
        "people": list(dict.fromkeys(p for p in people if p)),
        "organisations": list(dict.fromkeys(o for o in organisations if o)),
    }
    return links, {k: v for k, v in unmatched.items() if v}


# --- Pictures: from files delivered with the item, never fetched ------------------------------


def _delivered_file(files_dir: Path | None, href: str) -> Path | None:
    if files_dir is None or "://" in href or href.startswith("//"):
        return None
    base = files_dir.resolve()
    path = (base / href.lstrip("/")).resolve()
    if base not in path.parents or not path.is_file():
        return None
    return path


def _photos(item, language, files_dir, unmatched) -> Photo | None:
    """The item's first picture delivered with it, as a Photo with its credit (the others,
    and any only at a remote address, are listed for the desk)."""
    lead = None
    for picture in item.pictures:
        path = _delivered_file(files_dir, picture.href)
        if path is None or lead is not None:
            unmatched.setdefault("pictures", []).append(picture.href)
            continue
        lead = _photo(picture, path, language)
    return lead


def _photo(picture: Picture, path: Path, language: str) -> Photo:
    credit_name = " / ".join(
        dict.fromkeys(part for part in (picture.credit, picture.copyright) if part)
    )[:100]
    credit = None
    if credit_name:
        credit = (
            PhotoCredit.objects.annotate(_name=Lower(f"name_{language}"))
            .filter(Q(**{f"name_{language}": credit_name}) | Q(_name=credit_name.lower()))
            .first()
        ) or content_save(
            # A credit line is a name: kept as the agency writes it, in Arabic pages too.
            obj=PhotoCredit(**{"name_ar": credit_name, f"name_{language}": credit_name}),
            changed=(),
        )
    with path.open("rb") as handle:
        photo = Photo(
            image=File(handle, name=path.name),
            credit=credit,
            **{
                f"caption_{language}": picture.caption[:300],
                f"alt_text_{language}": picture.caption[:300],
            },
        )
        return photo_save(photo=photo, changed=())


# --- Channels ------------------------------------------------------------------------------------


def ingest_files(*, agency: Agency, paths: list[Path], channel: str = "folder") -> list[IngestLog]:
    """Ingest files (each a delivery); pictures are looked for beside each file."""
    lines = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            lines += IngestLog.objects.bulk_create(
                [
                    IngestLog(
                        agency=agency,
                        channel=channel,
                        origin=str(path)[:500],
                        level=Level.ERROR,
                        message=str(error),
                    )
                ]
            )
            continue
        lines += ingest_delivery(
            agency=agency, data=data, channel=channel, origin=str(path), files_dir=path.parent
        )
    return lines
