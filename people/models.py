"""People and organisations in the news."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Byline, SubjectQuerySet, byline_credited_in
from articles.richtext import BioField
from newsroom.i18n import LANGUAGE_CODES, reverse_in
from newsroom.text import CleanTextModel


class OrganisationQuerySet(SubjectQuerySet):
    article_relation = "organisations"
    own_text_field = "description"


class PersonQuerySet(SubjectQuerySet):
    article_relation = "people"
    own_text_field = "bio"


class Organisation(CleanTextModel):
    """A body in the news: the UN, a ministry, a news agency as a company."""

    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
        GOVERNMENT = "government", _("Government body")
        NEWS_AGENCY = "news_agency", _("News agency")
        COMPANY = "company", _("Company")
        NGO = "ngo", _("Non-governmental organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self, language: str | None = None) -> str:
        """The organisation's public page in ``language`` (default: the active one)."""
        return reverse_in(language, "people:organisation", slug=self.slug)


class Person(CleanTextModel):
    """A person in the news, with their role and organisation."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    role = models.CharField(
        _("role"),
        max_length=300,
        blank=True,
        help_text=_("For example: Minister of Foreign Affairs of Russia."),
    )
    bio = BioField(verbose_name=_("short bio"), blank=True)
    photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self, language: str | None = None) -> str:
        """The person's public page in ``language`` (default: the active one)."""
        return reverse_in(language, "people:person", slug=self.slug)


class AuthorQuerySet(SubjectQuerySet):
    """People with an author page in a language: named there, and credited (``Byline``) on
    an article public there — a translator only on the version they translated."""

    def public_condition(self, language: str) -> Q:
        if language not in LANGUAGE_CODES:
            return Q(pk__in=[])
        bylines = Byline.objects.filter(byline_credited_in(language), person=OuterRef("pk")).filter(
            article__in=Article.objects.public(language)
        )
        return Q(**{f"name_{language}__gt": ""}) & Q(Exists(bylines))


class Author(Person):
    """A person as the author of articles: their author page, not the page of the news
    about them (see ``articles.models.Byline`` for why authors are people)."""

    objects = AuthorQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def get_absolute_url(self, language: str | None = None) -> str:
        """The author's public page in ``language`` (default: the active one)."""
        return reverse_in(language, "people:author", slug=self.slug)
