"""The newsroom's content: articles and what they are made of."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import reduce
from operator import and_

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from articles.richtext import BodyField
from newsroom.dependencies import depends_on, is_collecting, list_keys
from newsroom.i18n import LANGUAGE_CODES, reverse_in
from newsroom.text import CleanTextModel


def public_flag(code: str) -> str:
    """The name of the annotation ``with_public_languages()`` sets for language ``code``."""
    return f"public_in_{code}"


class SubjectQuerySet(models.QuerySet):
    """Objects with public pages of their own (sections, tags, sources, people, organisations).

    Such an object has a page, feeds and sitemap entries in a language only
    while it is named there and has an article public there (``article_relation``,
    through ``Article.objects.public``) or a text of its own there
    (``own_text_field``, a person's bio); a tag made for a draft must not
    announce the story before it is out. Without ``article_relation``, a name is
    enough (sections: the site's own structure).
    """

    #: The Article field that refers to these objects ("tags", "source", "people"…).
    article_relation: str | None = None
    #: A translated field whose text in a language makes the object public there.
    own_text_field: str | None = None

    def public_condition(self, language: str) -> Q:
        """The visibility rule in ``language``, as a condition on these objects."""
        if language not in LANGUAGE_CODES:
            return Q(pk__in=[])
        condition = Q(**{f"name_{language}__gt": ""})
        if self.article_relation is None:
            return condition
        articles = Article.objects.public(language).filter(
            **{self.article_relation: OuterRef("pk")}
        )
        shown = Q(Exists(articles))
        if self.own_text_field:
            shown |= Q(**{f"{self.own_text_field}_{language}__gt": ""})
        return condition & shown

    def public(self, language: str | None = None) -> SubjectQuerySet:
        """The objects that have a public page in ``language`` (default: the active one)."""
        return self.filter(self.public_condition(language or translation.get_language()))

    def with_public_languages(self) -> SubjectQuerySet:
        """Annotate ``public_in_<code>`` for every language, in the same query."""
        return self.annotate(
            **{
                public_flag(code): ExpressionWrapper(
                    self.public_condition(code), output_field=BooleanField()
                )
                for code in LANGUAGE_CODES
            }
        )


class SectionQuerySet(SubjectQuerySet):
    pass


class SourceQuerySet(SubjectQuerySet):
    article_relation = "source"


class TagQuerySet(SubjectQuerySet):
    article_relation = "tags"


class Section(CleanTextModel):
    """A section of the site (World, Politics, Economy)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self, language: str | None = None) -> str:
        """The section's public page in ``language`` (default: the active one)."""
        return reverse_in(language, "articles:section", slug=self.slug)


class Source(CleanTextModel):
    """An agency or outlet an article comes from (TASS)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
    )
    website = models.URLField(_("website"), blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self, language: str | None = None) -> str:
        """The source's public page in ``language`` (default: the active one)."""
        return reverse_in(language, "articles:source", slug=self.slug)


class PhotoCredit(CleanTextModel):
    """Who to credit for a photo: an organisation or a photographer."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photo_credits",
    )

    class Meta:
        verbose_name = _("photo credit")
        verbose_name_plural = _("photo credits")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or str(self.pk)


def photo_upload_to(instance: Photo, filename: str) -> str:
    """Store photos under a date folder with a name the server makes (never the uploader's)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in {"jpg", "jpeg", "png", "webp"}:
        extension = "bin"
    return timezone.now().strftime("photos/%Y/%m/") + f"{uuid.uuid4().hex}.{extension}"


class Photo(CleanTextModel):
    """An image with its caption, alt text and credit."""

    image = models.ImageField(
        _("image"), upload_to=photo_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    credit = models.ForeignKey(
        PhotoCredit,
        verbose_name=_("credit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-created_at"]
        # Reporters correct their own photos (articles.permissions.photo_change_allowed).
        permissions = [
            ("change_own_photo", _("Can change the photos they uploaded, until published")),
        ]

    def __str__(self) -> str:
        caption = self.caption or next(
            (c for code in LANGUAGE_CODES if (c := getattr(self, f"caption_{code}"))), ""
        )
        if caption:
            return caption
        # No caption in any language yet: say whose and when, never the stored file's name.
        when = date_format(timezone.localtime(self.created_at)) if self.created_at else ""
        if self.credit_id:
            return gettext("Photo by %(credit)s, %(date)s") % {"credit": self.credit, "date": when}
        return gettext("Photo of %(date)s") % {"date": when} if when else gettext("New photo")


class Tag(CleanTextModel, TagBase):
    """A taggit tag whose name is translated."""

    # Not unique as a whole: each language's name is unique instead (see Meta).
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    # taggit's natural-key manager (backups refer to tags by name), with the visibility rule.
    objects = NaturalKeyManager.from_queryset(TagQuerySet)()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                Lower(f"name_{code}"),
                name=f"articles_tag_unique_name_{code}",
                violation_error_message=_("A tag with this name already exists."),
            )
            for code in LANGUAGE_CODES
        ]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self, language: str | None = None) -> str:
        """The tag's public page in ``language`` (default: the active one)."""
        return reverse_in(language, "articles:tag", slug=self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, verbose_name=_("article")
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", verbose_name=_("tag")
    )

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="articles_taggedarticle_unique"
            )
        ]
        indexes = [
            # A tag page: the tag's article ids straight from the index.
            models.Index(fields=["tag", "content_object"], name="articles_tagged_tag_art_idx"),
        ]


#: What an article needs in a language to exist in it (to be public there, to be linked to).
TRANSLATION_REQUIRED = ("title", "body", "slug")


def _filled(name: str) -> Q:
    if name.startswith("body_"):
        # Tested with ``<>`` where ``>`` would mean the same: PostgreSQL answers an
        # inequality with '' from the stored length, without reading and decompressing
        # the body, which is what made tag and person pages slow.
        return Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})
    return Q(**{f"{name}__gt": ""})


def translated_in(code: str) -> Q:
    """An article is translated into language ``code``: its ``TRANSLATION_REQUIRED`` fields
    (title, body and slug) are filled in there."""
    return reduce(and_, (_filled(f"{field}_{code}") for field in TRANSLATION_REQUIRED))


class ArticleQuerySet(models.QuerySet):
    #: Set by ``live()`` (and so ``public()``): this queryset reads a list of public
    #: articles, which a page that evaluates it depends on (``newsroom.dependencies``).
    _public_list = False

    def _clone(self):
        clone = super()._clone()
        clone._public_list = self._public_list
        return clone

    def _read_list(self) -> None:
        if self._result_cache is None and self._public_list and is_collecting():
            depends_on(*list_keys(self))

    def _fetch_all(self):
        self._read_list()
        super()._fetch_all()

    def count(self):
        self._read_list()
        return super().count()

    def exists(self):
        self._read_list()
        return super().exists()

    def iterator(self, *args, **kwargs):
        self._read_list()
        return super().iterator(*args, **kwargs)

    def live(self, at: datetime | None = None) -> ArticleQuerySet:
        """Published articles whose publication date has come (by ``at``, default now), in any
        language."""
        queryset = self.filter(
            Q(status=Article.Status.PUBLISHED) & Q(published_at__lte=at or timezone.now())
        )
        queryset._public_list = True
        return queryset

    def scheduled(self) -> ArticleQuerySet:
        """Published articles whose publication date is still to come (``Article.is_scheduled``)."""
        return self.filter(Q(status=Article.Status.PUBLISHED) & Q(published_at__gt=timezone.now()))

    def public(self, language: str | None = None, *, at: datetime | None = None) -> ArticleQuerySet:
        """Articles a reader may see in ``language``: live (by ``at``, default now), and
        translated into it."""
        language = language or translation.get_language()
        if language not in LANGUAGE_CODES:
            return self.none()
        return self.live(at=at).filter(translated_in(language))

    def for_listing(self) -> ArticleQuerySet:
        """Prefetch what a teaser shows: section, source, photo with credit and renditions."""
        return (
            self.select_related("section", "lead_photo__credit", "source")
            .prefetch_related("lead_photo__renditions")
            # A teaser never shows the body: leave the largest columns in the database.
            .defer("body", *(f"body_{code}" for code in LANGUAGE_CODES))
            .order_by("-published_at", "-pk")
        )

    def for_detail(self) -> ArticleQuerySet:
        """Prefetch what the article page shows: section, source, photo with credit, people,
        organisations and tags, bylines with their people, and notes (the photo's renditions
        come with the related stories', ``articles.related.page_photos_fetch``)."""
        return self.select_related("section", "source", "lead_photo__credit").prefetch_related(
            "people",
            "organisations",
            "tags",
            models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            "notes",
        )


class FrontPlacement(models.TextChoices):
    """Where an article goes on the front page (``articles.front``)."""

    LEAD = "lead", _("Lead story")
    TOP = "top", _("Top story")
    NORMAL = "normal", _("Normal")


class Article(CleanTextModel):
    """A news article, written in one of the site's languages (its original, Arabic unless
    told otherwise) and translated into the others."""

    FrontPlacement = FrontPlacement

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=300,
        allow_unicode=True,
        blank=True,
        help_text=_("Part of the article's address; made from the title when left empty."),
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("The summary printed under the headline.")
    )
    body = BodyField(verbose_name=_("body"), blank=True)
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the article was written in; the other languages translate it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    embargoed_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("The agency's embargo: the article cannot be published before it."),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A date in the future schedules the article."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    lead_photo = models.ForeignKey(
        Photo,
        verbose_name=_("lead photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    people = models.ManyToManyField(
        "people.Person", verbose_name=_("people"), blank=True, related_name="articles"
    )
    organisations = models.ManyToManyField(
        "people.Organisation", verbose_name=_("organisations"), blank=True, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, blank=True)
    front_placement = models.CharField(
        _("front-page placement"),
        max_length=10,
        choices=FrontPlacement.choices,
        default=FrontPlacement.NORMAL,
        help_text=_(
            "Lead: the large story at the top of the front page; top: one of the stories "
            "beside it. Without a placed story, the newest ones take these places."
        ),
    )
    front_order = models.PositiveSmallIntegerField(
        _("front-page order"),
        default=0,
        help_text=_("Among stories with the same placement, lower numbers come first."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="articles_status_pub_idx"),
            # The admin changelist's default order, over every state.
            models.Index(fields=["-published_at", "-id"], name="articles_published_desc_idx"),
            # One per language: exactly the rows public(language) can return, in
            # listing order, so home, tag and person pages and their counts read
            # a small index instead of the table (and never the TOASTed bodies).
            *(
                models.Index(
                    fields=["-published_at", "-id"],
                    condition=Q(status="published") & translated_in(code),
                    name=f"articles_public_{code}_idx",
                )
                for code in LANGUAGE_CODES
            ),
            # The home page's latest articles of each section, ranked from the
            # index alone (no sort, no table read).
            *(
                models.Index(
                    fields=["section", "-published_at", "-id"],
                    condition=Q(status="published") & translated_in(code),
                    name=f"articles_public_section_{code}_idx",
                )
                for code in LANGUAGE_CODES
            ),
        ]
        constraints = [
            *(
                models.UniqueConstraint(
                    fields=[f"slug_{code}"],
                    name=f"articles_article_unique_slug_{code}",
                    violation_error_message=_("Another article already uses this address."),
                )
                for code in LANGUAGE_CODES
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="articles_article_published_has_date",
                violation_error_message=_("A published article needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or next(
            (t for c in LANGUAGE_CODES if (t := getattr(self, f"title_{c}"))), f"#{self.pk}"
        )

    def get_absolute_url(self, language: str | None = None) -> str:
        """The article's canonical public URL in ``language`` (default: the active one)."""
        language = language or translation.get_language()
        return reverse_in(
            language, "articles:detail", pk=self.pk, slug=getattr(self, f"slug_{language}") or "-"
        )

    def clean(self) -> None:
        """Make a missing slug from the title, in every language that has a title; the
        original language needs a title."""
        if self.original_language in LANGUAGE_CODES and not getattr(
            self, f"title_{self.original_language}"
        ):
            raise ValidationError(
                {
                    f"title_{self.original_language}": gettext(
                        "The article needs a title in its original language."
                    )
                },
                code="original_title_required",
            )
        for code in LANGUAGE_CODES:
            title = getattr(self, f"title_{code}")
            if title and not getattr(self, f"slug_{code}"):
                setattr(self, f"slug_{code}", slugify(title, allow_unicode=True)[:300] or None)

    def translated_languages(self) -> list[str]:
        """The languages the article is translated into (as ``translated_in`` says)."""
        return [
            code
            for code in LANGUAGE_CODES
            if all(getattr(self, f"{field}_{code}") for field in TRANSLATION_REQUIRED)
        ]

    def get_state_display(self) -> str:
        """The workflow state as the newsroom says it: "Scheduled" for one still to come."""
        return gettext("Scheduled") if self.is_scheduled else self.get_status_display()

    @property
    def is_scheduled(self) -> bool:
        """Published with a date still in the future (one of ``Article.objects.scheduled()``)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


class ArticleTransition(models.Model):
    """One step of an article through the workflow: who, when, from which state to which, why."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Article.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("article transition")
        verbose_name_plural = _("article transitions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "-created_at"], name="articles_transition_art_idx"),
        ]
        # The workflow's permissions live with its log, so that the Article
        # model itself stays as it is; they still read "articles.<codename>".
        permissions = [
            ("submit_article", _("Can submit an article for review")),
            ("publish_article", _("Can publish, schedule, unpublish, archive and send back")),
            ("edit_any_article", _("Can edit any article, whoever wrote it")),
            ("translate_article", _("Can edit the fields of assigned languages")),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.from_status} → {self.to_status}"


class SearchDocument(models.Model):
    """An article's searchable text in one language, Arabic-normalised (see ``articles.search``).

    Rows are written by ``articles.search.article_index()``; visibility still
    comes from ``Article.objects.public()``, never from this table.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="search_documents",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    document = models.TextField(_("document"))
    #: On PostgreSQL, the document's ``tsvector`` (``simple`` configuration), made when
    #: the row is written and GIN-indexed (migration 0009): searching then neither
    #: parses documents again nor leaves the planner guessing how many match, as
    #: an index on the expression did. Other databases leave it empty.
    vector = SearchVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="articles_searchdocument_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language})"


def rendition_upload_to(instance: Rendition, filename: str) -> str:
    """Renditions live beside each other, under a folder named by the generator."""
    return f"renditions/{filename}"


class Rendition(models.Model):
    """A resized copy of a photo in one format and width (see ``articles.images``)."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.CASCADE, related_name="renditions"
    )
    source_name = models.CharField(_("source file"), max_length=255)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    #: Empty for the whole picture (the page's ``srcset``); "16x9", "4x3" or "1x1" for a
    #: centred crop at that aspect ratio (the images search engines ask for in JSON-LD).
    crop = models.CharField(_("crop"), max_length=8, blank=True, default="")
    file = models.FileField(_("file"), upload_to=rendition_upload_to, max_length=255)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        ordering = ["photo", "crop", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "crop", "format", "width"], name="articles_rendition_unique_crop"
            )
        ]

    def __str__(self) -> str:
        return self.file.name


class RevisionNote(models.Model):
    """What one revision of an article was, as data: its kind, the languages it touched and
    the states it moved between, put into words in each reader's language when shown.

    Recorded by ``articles.revision_notes.revision_note_add`` (``workflow.article_save``
    records one for every save); a revision may hold more than one (a save and a
    transition made in one step).
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        SAVED = "saved", _("Saved")
        TRANSLATED = "translated", _("Translated")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ARCHIVED = "archived", _("Archived")
        SENT_BACK = "sent_back", _("Sent back to draft")
        RESTORED = "restored", _("Restored")
        IMPORTED = "imported", _("Imported")
        AUTOSAVE_RESTORED = "autosave_restored", _("Autosave restored")

    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    common = models.BooleanField(_("fields shared by every language"), default=False)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Article.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=Article.Status.choices, blank=True
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("revision note")
        verbose_name_plural = _("revision notes")
        ordering = ["revision", "pk"]

    def __str__(self) -> str:
        return f"{self.revision_id}:{self.kind}"


class ArticleAutosave(models.Model):
    """What one person typed in an article form and has not saved yet (``articles.autosave``).

    One per person and article (``article`` empty: the person's new, unsaved article).
    Never part of the article: saving the form, or discarding it, deletes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
    )
    #: The form's fields as the browser had them: name → list of values.
    data = models.JSONField(_("form data"), default=dict)
    #: The open form that wrote it: only that form may add to it field by field.
    session = models.CharField(_("form session"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["user", "-updated_at"], name="articles_autosave_user_idx"),
            models.Index(fields=["updated_at"], name="articles_autosave_age_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="articles_autosave_one_per_article"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="articles_autosave_one_new_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.article or '+'}"


class Byline(models.Model):
    """One author credited on an article, with their role, in the order the byline reads.

    Authors are ``people.Person`` objects rather than a separate staff profile:
    a person already has what a byline and an author page need — a name, role
    and short bio translated into every language (and kept in the translators'
    queue), a photo, a slug, autocompletes in the admin — and freelancers,
    agency photographers and outside translators, whom we credit too, have no
    login. A staff profile would repeat all of that and tie a public name to an
    admin account. The author page (``people.views.AuthorView``) is a page of its
    own, listing what they wrote, beside the person page, which lists what
    mentions them.

    A translator is credited on the version in the language they translated
    into only (``language``); the other roles on every version.
    """

    class Role(models.TextChoices):
        WRITER = "writer", _("Writer")
        EDITOR = "editor", _("Editor")
        PHOTOGRAPHER = "photographer", _("Photographer")
        TRANSLATOR = "translator", _("Translator")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WRITER)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("A translator's: the version they translated, the only one that credits them."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role", "language"],
                name="articles_byline_unique_credit",
                violation_error_message=_("This person is already credited in this role."),
            ),
            models.CheckConstraint(
                condition=Q(role="translator", language__gt="") | (~Q(role="translator")),
                name="articles_byline_translator_language",
                violation_error_message=_("Say which language the translator translated into."),
            ),
        ]
        indexes = [
            # An author page: the person's articles straight from the index.
            models.Index(fields=["person", "article"], name="articles_byline_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role == self.Role.TRANSLATOR and not self.language:
            raise ValidationError(
                {"language": _("Say which language the translator translated into.")}
            )
        if self.role != self.Role.TRANSLATOR:
            self.language = ""

    def credited_in(self, language: str) -> bool:
        """Does the byline show on the article's version in ``language``?"""
        return self.role != self.Role.TRANSLATOR or self.language == language


def byline_credited_in(language: str, prefix: str = "") -> Q:
    """Bylines shown on the version in ``language`` (``credited_in`` as a condition)."""
    return ~Q(**{f"{prefix}role": Byline.Role.TRANSLATOR}) | Q(**{f"{prefix}language": language})


class ArticleNoteQuerySet(models.QuerySet):
    def public(self, language: str | None = None, *, at: datetime | None = None):
        """Notes a reader sees in ``language``: written there, on an article public there."""
        language = language or translation.get_language()
        if language not in LANGUAGE_CODES:
            return self.none()
        return self.filter(
            **{f"text_{language}__gt": ""},
            noted_at__lte=at or timezone.now(),
            article__in=Article.objects.public(language, at=at),
        )


class ArticleNote(CleanTextModel):
    """A dated note on a published article: an update, a clarification or a correction.

    Its text is translated like any content (``text_ar``, ``text_ru``, …): a note
    written in the article's language puts the other languages' texts in the
    translators' queue (``articles.translation.ArticleNoteTranslationPolicy``), and
    each version shows the notes written in its language.
    """

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        CLARIFICATION = "clarification", _("Clarification")
        CORRECTION = "correction", _("Correction")

    #: The kinds listed on the corrections page and feed.
    CORRECTING = (Kind.CORRECTION, Kind.CLARIFICATION)

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UPDATE)
    text = models.TextField(
        _("text"), blank=True, help_text=_("What changed, as readers will read it.")
    )
    noted_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = ArticleNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("update or correction")
        verbose_name_plural = _("updates and corrections")
        ordering = ["-noted_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "-noted_at"], name="articles_note_article_idx"),
            models.Index(fields=["kind", "-noted_at"], name="articles_note_kind_idx"),
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.noted_at)) if self.noted_at else ""
        return f"{self.get_kind_display()}, {when}: {self.article}"

    def clean(self) -> None:
        if not any(getattr(self, f"text_{code}", "") for code in LANGUAGE_CODES):
            raise ValidationError({"text": gettext("Write the note in at least one language.")})
        article = self.article if self.article_id else None
        if article is not None and article.status != Article.Status.PUBLISHED:
            raise ValidationError(
                gettext("Updates and corrections are added to published articles only.")
            )


class BreakingNews(CleanTextModel):
    """A breaking-news line an editor shows across one language's site until it expires.

    Pages are cached: the content version (``articles.caching``) renews itself
    when the next banner starts or expires, so a banner never outlives its time.
    """

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    text = models.CharField(_("text"), max_length=200)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The story the banner links to, once it is public in this language."),
    )
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("shown until"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("breaking news")
        verbose_name_plural = _("breaking news")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["language", "expires_at"], name="articles_breaking_lang_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.expires_at and self.starts_at and self.expires_at <= self.starts_at:
            raise ValidationError(
                {"expires_at": _("The banner must be shown until a time after it starts.")}
            )


class ArticleReads(models.Model):
    """How many readers opened an article in one language in one hour (``articles.mostread``)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    hour = models.DateTimeField(_("hour"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("article reads")
        verbose_name_plural = _("article reads")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "hour"], name="articles_reads_unique_hour"
            )
        ]
        indexes = [models.Index(fields=["language", "hour"], name="articles_reads_lang_hour_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language}, {self.hour:%Y-%m-%d %H}h): {self.count}"
