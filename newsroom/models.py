"""Staff concerns: which languages each translator works in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
