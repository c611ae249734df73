"""Staff concerns shared by every app: translators' languages and the state of each translation."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


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
