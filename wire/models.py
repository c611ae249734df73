"""Agencies, the items they sent (each a draft article), and the ingest log."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Agency(models.Model):
    """A news agency whose items we ingest: its ``Source``, its default language, and the
    credentials and feed of its channels."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Part of the push address."))
    source = models.ForeignKey(
        "articles.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        help_text=_("The source its drafts name."),
    )
    language = models.CharField(
        _("default language"),
        max_length=10,
        choices=settings.LANGUAGES,
        help_text=_("For items that do not say their language."),
    )
    push_secret = models.CharField(
        _("push secret"),
        max_length=100,
        default=new_secret,
        help_text=_(
            "Sent as “Authorization: Bearer <secret>”, or used as the HMAC-SHA256 key of "
            "the “X-Wire-Signature: sha256=<hex>” header."
        ),
    )
    feed_url = models.URLField(
        _("feed URL"), blank=True, help_text=_("An HTTPS address polled for new items.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WireItem(models.Model):
    """One agency item (by its id), the draft it became, and what the agency said since."""

    class PubStatus(models.TextChoices):
        USABLE = "usable", _("Usable")
        CANCELED = "canceled", _("Canceled by the agency")
        WITHHELD = "withheld", _("Withheld by the agency")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="items"
    )
    guid = models.CharField(_("agency id"), max_length=500)
    version = models.PositiveIntegerField(_("version"), default=1)
    format = models.CharField(_("format"), max_length=20)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    headline = models.CharField(_("headline"), max_length=300)
    urgency = models.PositiveSmallIntegerField(_("urgency"), null=True, blank=True)
    embargo = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    dateline = models.CharField(_("dateline"), max_length=300, blank=True)
    pubstatus = models.CharField(
        _("agency status"), max_length=20, choices=PubStatus.choices, default=PubStatus.USABLE
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="wire_items",
    )
    #: The hash of the article's text as ingest last wrote it: unchanged, no editor touched it.
    fingerprint = models.CharField(max_length=64, editable=False)
    #: The agency's newer version, kept aside because an editor changed the draft.
    pending = models.JSONField(null=True, blank=True, editable=False)
    pending_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    unmatched = models.JSONField(
        _("not in our records"),
        default=dict,
        blank=True,
        help_text=_("Names the item gave that match no tag, person or organisation of ours."),
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)

    class Meta:
        verbose_name = _("incoming wire item")
        verbose_name_plural = _("incoming wire")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "guid"], name="wire_item_unique_guid")
        ]
        indexes = [models.Index(fields=["agency", "-received_at"], name="wire_item_agency_idx")]

    def __str__(self) -> str:
        return self.headline

    @property
    def update_available(self) -> bool:
        return self.pending is not None


class EntityName(models.Model):
    """Another name (an alias, in one language) or an agency URI of one of our tags, people
    or organisations: what ingest matches an item's names and codes against."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of entity"), on_delete=models.CASCADE
    )
    object_id = models.PositiveIntegerField()
    entity = GenericForeignKey("content_type", "object_id")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    name = models.CharField(_("alias or URI"), max_length=500)

    class Meta:
        verbose_name = _("entity alias")
        verbose_name_plural = _("entity aliases")
        indexes = [models.Index(fields=["content_type", "name"], name="wire_entityname_idx")]

    def __str__(self) -> str:
        return self.name


class IngestLog(models.Model):
    """One line per item (or delivery) ingested or refused, for the desk to read."""

    class Level(models.TextChoices):
        OK = "ok", _("Ingested")
        INFO = "info", _("Note")
        ERROR = "error", _("Refused")

    class Channel(models.TextChoices):
        PUSH = "push", _("Push")
        FOLDER = "folder", _("Drop folder")
        POLL = "poll", _("Feed polling")
        COMMAND = "command", _("Command")
        BENCH = "bench", _("Benchmark")
        TEST = "test", _("Test")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, null=True, blank=True
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    origin = models.CharField(_("delivery"), max_length=500, blank=True)
    item = models.CharField(_("item"), max_length=500, blank=True)
    level = models.CharField(_("result"), max_length=10, choices=Level.choices)
    message = models.TextField(_("message"))
    wire_item = models.ForeignKey(
        WireItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="log"
    )

    class Meta:
        verbose_name = _("ingest log line")
        verbose_name_plural = _("ingest log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.message
