"""Partners who take the newsroom's stories: API tokens, webhook subscriptions, deliveries."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from syndication.formats import WireFormat

#: How a partner's API token starts, so that a leaked one is recognisable.
TOKEN_PREFIX = "nrp_"  # noqa: S105 - a prefix, not a secret


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256 (tokens are long and random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


class Partner(models.Model):
    """An outlet or aggregator that reads the partner API with a token of its own."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # Null until a token is made (unique, and several partners may have none yet).
    token_digest = models.CharField(  # noqa: DJ001
        _("token digest"), max_length=64, unique=True, null=True, editable=False
    )
    token_hint = models.CharField(
        _("token"),
        max_length=16,
        editable=False,
        blank=True,
        help_text=_(
            "The first characters of the token, to recognise it; the token itself is "
            "shown once, when it is made."
        ),
    )
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=120,
        help_text=_("Requests to the API beyond this many a minute are refused (429)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def token_renew(self) -> str:
        """Make a new token (the old one stops working), store its digest, return it once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_digest = token_digest(token)
        self.token_hint = token[:10]
        self.save(update_fields=["token_digest", "token_hint"])
        return token


def secret_make() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """A partner's webhook: which stories (languages, sections) go there, and in which format."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    url = models.URLField(_("webhook URL"), max_length=500)
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("Stories in these languages are sent.")
    )
    sections = models.ManyToManyField(
        "articles.Section",
        verbose_name=_("sections"),
        blank=True,
        related_name="+",
        help_text=_("Only stories of these sections; none chosen: every section."),
    )
    wire_format = models.CharField(
        _("format"), max_length=20, choices=WireFormat.choices, default=WireFormat.NINJS_3_1
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=secret_make,
        help_text=_(
            "Each delivery carries X-Newsroom-Signature: sha256=HMAC-SHA256(secret, "
            "body), so that the partner can check it came from us."
        ),
    )
    accepts_embargoed = models.BooleanField(
        _("accepts embargoed stories"),
        default=False,
        help_text=_("Embargoed stories are sent before their time, marked with the embargo."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    #: While a worker sends this subscription's deliveries, no other one does (in order).
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["partner__name", "pk"]

    def __str__(self) -> str:
        return f"{self.partner} → {self.url}"


class Delivery(models.Model):
    """One story event sent (or to send) to one subscription, with a stable delivery id."""

    class Event(models.TextChoices):
        PUBLISH = "publish", _("Publication")
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")
        SKIPPED = "skipped", _("Not sent (no longer public)")

    delivery_id = models.UUIDField(
        _("delivery id"), default=uuid.uuid4, unique=True, editable=False
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    #: Not a foreign key: a withdrawal outlives the article it withdraws.
    article_id = models.BigIntegerField(_("article"), db_index=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    not_before = models.DateTimeField(
        _("not before"), default=timezone.now, help_text=_("A scheduled story goes at its time.")
    )
    embargoed_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    #: Written at the first attempt and sent unchanged at every retry.
    payload = models.BinaryField(_("payload"), blank=True, default=b"", editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]
        indexes = [
            # A subscription's queue, in order: its pending deliveries by id.
            models.Index(
                fields=["subscription", "id"],
                condition=models.Q(state="pending"),
                name="syndication_delivery_queue_idx",
            ),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state="pending"),
                name="syndication_delivery_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id}"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: when, how long, and what the partner's server answered."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="tries"
    )
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.started_at:%Y-%m-%d %H:%M:%S}"
