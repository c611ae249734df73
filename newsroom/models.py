"""Staff concerns shared by every app: translators' languages and the state of each translation."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    UP_TO_DATE = "up_to_date", _("Up to date")


class TranslationRecord(models.Model):
    """The source text a translation was made from, for one field of one object.

    When the source text changes afterwards, the translation is outdated; the
    stored source text also shows the translator what changed.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=50)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    source_text = models.TextField(_("source text"), blank=True)
    translated_at = models.DateTimeField(_("translated at"), auto_now=True)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("translation record")
        verbose_name_plural = _("translation records")
        ordering = ["content_type", "object_id", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="newsroom_translationrecord_unique_field_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}:{self.field}:{self.language}"


class TranslationState(models.Model):
    """The translation status of one object in one target language, stored.

    Derived data: ``newsroom.translation_states`` writes it whenever the object
    or one of its translation records is written, and can rebuild it from
    scratch; ``newsroom.translations.translation_status`` stays the definition.
    It is stored because the queue and the changelists read it for every object
    (computing it costs one ``EXISTS`` per field, language and row, seconds at
    100,000 articles). One row per object and language, rather than status
    columns on every translated model, keeps one table and one set of indexes
    for all eight models, whatever the languages. ``priority`` and
    ``published_at`` copy what the queue orders articles by, so that the queue
    reads its first rows in index order without touching the articles.
    """

    class Priority(models.IntegerChoices):
        """Where an object waits in the queue (articles by workflow state)."""

        FIRST = 0, _("Published")  # scheduled too, and every object that is not an article
        IN_REVIEW = 1, _("In review")
        DRAFT = 2, _("Draft")
        LAST = 3, _("Unpublished")

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        db_index=False,  # every index of this table starts with it
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TranslationStatus.choices,
    )
    priority = models.PositiveSmallIntegerField(
        _("queue priority"),
        choices=Priority.choices,
        null=True,
        blank=True,
        help_text=_("Empty: never in the queue (an archived article)."),
    )
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        ordering = ["content_type", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="newsroom_translationstate_unique_object_language",
            )
        ]
        indexes = [
            # Counts per language and status, and the changelists' status filter. The
            # queue's partial index (in queue order) is in migration 0003: SQLite has no
            # NULLS LAST in an index.
            models.Index(
                fields=["content_type", "language", "status", "object_id"],
                name="newsroom_ts_status_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}:{self.language}:{self.status}"


class TranslatorLanguage(models.Model):
    """A language a translator is assigned to: they may edit its fields, and only those."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.CASCADE,
        related_name="translator_languages",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("translator language")
        verbose_name_plural = _("translator languages")
        ordering = ["user", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "language"], name="newsroom_translatorlanguage_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_language_display()}"


class StaffProfile(models.Model):
    """A staff member's own settings: for now, the language of their admin.

    Kept on the server so that it follows the person to every device; the admin
    applies it on each request once they are logged in (``newsroom.admin_language``).
    """

    BROWSER_DEFAULT = ""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    admin_language = models.CharField(
        _("admin language"),
        max_length=8,
        blank=True,
        default=BROWSER_DEFAULT,
        choices=[(BROWSER_DEFAULT, _("Browser default")), *settings.LANGUAGES],
        help_text=_("The language of the admin's menus, buttons and messages, on every device."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["user"]

    def __str__(self) -> str:
        return str(self.user)
