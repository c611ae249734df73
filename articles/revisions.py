"""Article revisions (django-reversion): registration, a readable diff, and restore."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import reversion
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info, gettext
from django.views.generic import TemplateView
from django_prose_editor.fields import ProseEditorField
from reversion.models import Version

from articles import workflow
from articles.models import Article, Photo, RevisionNote, Section, Source, Tag, TaggedArticle
from articles.revision_notes import revision_summary
from newsroom.diff import html_text, word_diff
from newsroom.translations import source_fingerprints, source_language
from people.models import Organisation, Person

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def register_models() -> None:
    """Keep a version of every article save, with its tags (a custom through model)."""
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=["taggedarticle_set"])
        reversion.register(TaggedArticle)


def article_versions(article: Article):
    """The article's versions, newest first, with who saved each and what each was."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .prefetch_related("revision__notes")
    )


def _tag_ids(version: Version) -> list[int]:
    content_type = ContentType.objects.get_for_model(TaggedArticle)
    tagged = version.revision.version_set.filter(content_type=content_type)
    return sorted(v.field_dict["tag_id"] for v in tagged)


def version_values(version: Version) -> dict:
    """The version's form fields as stored: ids for relations, tag ids from its revision."""
    values = dict(version.field_dict)
    values["tags"] = _tag_ids(version)
    return values


@dataclass(frozen=True)
class FieldDiff:
    """One field (in one language) that differs between two versions."""

    field: str
    code: str  # the field's language; "" for a field shared by every language
    label: str
    language: str
    old: str
    new: str
    html: SafeString

    @property
    def form_field(self) -> str:
        """The article form's name of this field (``title_ar``, ``tags``)."""
        return f"{self.field}_{self.code}" if self.code else self.field

    @property
    def direction(self) -> str:
        """The writing direction of the field's language ("auto" for a shared field)."""
        return ("rtl" if get_language_info(self.code)["bidi"] else "ltr") if self.code else "auto"


_RELATIONS = {
    "section_id": ("section", Section),
    "source_id": ("source", Source),
    "lead_photo_id": ("lead_photo", Photo),
    "people": ("people", Person),
    "organisations": ("organisations", Organisation),
    "tags": ("tags", Tag),
}


def _as_text(key: str, value) -> str:
    if key in _RELATIONS:
        model = _RELATIONS[key][1]
        ids = value if isinstance(value, list) else [value] if value else []
        names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}
        return ", ".join(names.get(pk, f"#{pk}") for pk in ids)
    if key == "published_at":
        return date_format(value, "DATETIME_FORMAT") if value else ""
    if isinstance(Article._meta.get_field(key), ProseEditorField):
        return html_text(value)
    return str(value or "").strip()


#: The stored values compared, in the order a diff lists them.
_DIFF_KEYS = [
    *(f"{name}_{code}" for code in LANGUAGE_NAMES for name in workflow.TRANSLATED_FIELDS),
    "status",
    "published_at",
    *_RELATIONS,
]


def _same(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)  # relations: the same ones, in whatever order stored
    return (a or None) == (b or None)  # an empty text is an empty text, "" or None


def values_diff(before: dict, after: dict, keys: list[str] = _DIFF_KEYS) -> list[FieldDiff]:
    """What differs from ``before`` to ``after`` (``version_values``), field by field and
    language by language."""
    diffs = []
    for key in keys:
        if _same(before.get(key), after.get(key)):
            continue
        name, _sep, code = key.rpartition("_")
        if code in LANGUAGE_NAMES and name in workflow.TRANSLATED_FIELDS:
            field, language = name, str(LANGUAGE_NAMES[code])
        else:
            field, code, language = _RELATIONS.get(key, (key, None))[0], "", ""
        old_text, new_text = _as_text(key, before.get(key)), _as_text(key, after.get(key))
        diffs.append(
            FieldDiff(
                field=field,
                code=code,
                label=str(Article._meta.get_field(field).verbose_name),
                language=language,
                old=old_text,
                new=new_text,
                html=word_diff(old_text, new_text),
            )
        )
    return diffs


def versions_diff(old: Version, new: Version) -> list[FieldDiff]:
    """What changed from ``old`` to ``new``, field by field and language by language."""
    return values_diff(version_values(old), version_values(new))


def article_values(article: Article) -> dict:
    """The article as it is now, as ``version_values`` gives a version (serialised the same
    way, so that a date compares at the precision a version keeps)."""
    now = Version(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        format="json",
        serialized_data=serializers.serialize("json", [article]),
    )
    return {**now.field_dict, "tags": sorted(article.tags.values_list("pk", flat=True))}


# --- Restore -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreGroup:
    """The fields of one language (or those shared by every language) that restoring a
    version would change."""

    code: str  # a language code; "" for the fields shared by every language
    name: str
    changes: list[FieldDiff]
    public: bool = False  # is the article public in this language now?

    @property
    def empties(self) -> list[FieldDiff]:
        """The fields filled in now that restoring would leave empty."""
        return [change for change in self.changes if change.old and not change.new]

    @property
    def emptied_labels(self) -> list[str]:
        """The names of the fields restoring would empty."""
        return [change.label for change in self.empties]

    @property
    def leaves_site(self) -> bool:
        """Would restoring take the article off the public site in this language?"""
        return self.public and any(c.field in ("title", "body") for c in self.empties)

    @property
    def suggested(self) -> bool:
        """Restore this group unless it empties something (a translation made since)."""
        return not self.empties


def restore_groups(*, article: Article, version: Version) -> list[RestoreGroup]:
    """What restoring ``version`` would change in ``article``, per language: each field that
    differs, with a diff from now to after restoring."""
    changes = values_diff(article_values(article), version_values(version))
    changes = [change for change in changes if change.field != "status"]  # never restored
    names = {**LANGUAGE_NAMES, "": gettext("Fields shared by every language")}
    public = (
        set(article.translated_languages()) if article.status == Article.Status.PUBLISHED else set()
    )
    return [
        RestoreGroup(code, str(name), [c for c in changes if c.code == code], code in public)
        for code, name in names.items()
        if any(c.code == code for c in changes)
    ]


def article_restore(
    *,
    article: Article,
    user: AbstractBaseUser,
    version: Version,
    languages: Collection[str],
    common: bool = False,
) -> Article:
    """Bring back a version's fields in ``languages`` (and its fields shared by every
    language if ``common``) as a new revision; the rest of the article, and its workflow
    state, stay as they are."""
    if int(version.object_id) != article.pk:
        raise workflow.ArticleEditDenied(gettext("This version belongs to another article."))
    groups = _chosen(restore_groups(article=article, version=version), languages, common)
    if not groups:
        raise ValidationError(
            gettext("Nothing to restore: tick a language whose fields differ."), code="nothing"
        )
    values = version_values(version)
    changed = {change.form_field for group in groups for change in group.changes}
    for name in changed - set(workflow.M2M_FIELDS):
        attname = Article._meta.get_field(name).attname
        setattr(article, attname, values.get(attname))
    article.validate_constraints()  # e.g. a slug another article took since
    # The restored translations were made from the version's original: up to date only
    # where that is the original the article has after restoring.
    source = source_language(article)
    source_then = Article(
        original_language=source,
        **{
            f"{name}_{source}": values.get(f"{name}_{source}")
            for name in workflow.TRANSLATED_FIELDS
        },
    )
    with transaction.atomic(), reversion.create_revision():
        article = workflow.article_save(
            article=article,
            user=user,
            changed=changed,
            m2m={
                "people": values.get("people", []),
                "organisations": values.get("organisations", []),
                "tags": list(Tag.objects.filter(pk__in=values["tags"])),
            },
            sources_seen=source_fingerprints(source_then),
            kind=RevisionNote.Kind.RESTORED,
            details={"restored_from": version.revision.date_created},
        )
        reversion.set_comment(restore_comment(version, groups))
    return article


def _chosen(groups: list[RestoreGroup], languages: Collection[str], common: bool):
    return [group for group in groups if (group.code in languages if group.code else common)]


def restore_comment(version: Version, groups: list[RestoreGroup]) -> str:
    """What a restore brought back, for its revision's comment."""
    return gettext("Restored from the version of %(date)s: %(parts)s") % {
        "date": date_format(version.revision.date_created, "DATETIME_FORMAT"),
        "parts": ", ".join(group.name for group in groups),
    }


class RestoreForm(forms.Form):
    """Which languages of a version to restore (those that differ from the article now)."""

    languages = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    common = forms.BooleanField(required=False)

    def __init__(self, *args, groups: list[RestoreGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [(g.code, g.name) for g in groups if g.code]
        self.fields["languages"].initial = [g.code for g in groups if g.code and g.suggested]
        self.fields["common"].initial = any(not g.code and g.suggested for g in groups)

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("languages") and not cleaned_data.get("common"):
            raise ValidationError(gettext("Tick what to restore."), code="nothing")
        return cleaned_data


class ArticleRevisionsView(TemplateView):
    """A page about an article's revisions, for those who may see the article."""

    model_admin: ModelAdmin | None = None

    def dispatch(self, request, *args, **kwargs):
        self.article = self.model_admin.get_object(request, unquote(kwargs["object_id"]))
        if self.article is None:
            raise Http404
        if not self.model_admin.has_view_or_change_permission(request, self.article):
            raise PermissionDenied
        self.prepare(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def prepare(self, **kwargs) -> None:
        """Look up (and check) what the page is about, once the article is known."""

    def can_restore(self) -> bool:
        """May the user restore a version (they may edit every field of the article)?"""
        editable = workflow.article_editable_fields(user=self.request.user, article=self.article)
        return editable >= workflow.ALL_FIELDS

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.model_admin.admin_site.each_context(self.request),
            opts=Article._meta,
            original=self.article,
            **kwargs,
        )


class RevisionsView(ArticleRevisionsView):
    """An article's revisions: the list, and a comparison of two."""

    template_name = "admin/articles/revisions.html"

    def get_context_data(self, **kwargs):
        versions = list(article_versions(self.article))
        by_id = {str(v.pk): v for v in versions}
        old, new = by_id.get(self.request.GET.get("old")), by_id.get(self.request.GET.get("new"))
        if old and new and old.revision.date_created > new.revision.date_created:
            old, new = new, old
        return super().get_context_data(
            title=gettext("Revisions of “%(article)s”") % {"article": self.article},
            versions=[(version, revision_summary(version.revision)) for version in versions],
            old=old,
            new=new,
            diff=versions_diff(old, new) if old and new else None,
            can_restore=self.can_restore(),
            **kwargs,
        )


class RestoreView(ArticleRevisionsView):
    """Restore a version, language by language, after seeing what each would change."""

    template_name = "admin/articles/revision_restore.html"

    def prepare(self, *, version_id: int, **kwargs) -> None:
        if not self.can_restore():
            raise PermissionDenied
        self.version = get_object_or_404(article_versions(self.article), pk=version_id)
        self.groups = restore_groups(article=self.article, version=self.version)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                article_restore(
                    article=self.article,
                    user=request.user,
                    version=self.version,
                    languages=form.cleaned_data["languages"],
                    common=form.cleaned_data["common"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                chosen = _chosen(self.groups, **form.cleaned_data)
                messages.success(request, restore_comment(self.version, chosen))
                return redirect("admin:articles_article_revisions", object_id=self.article.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def form(self, data=None) -> RestoreForm:
        return RestoreForm(data, groups=self.groups)

    def get_context_data(self, **kwargs):
        form = kwargs["form"]
        chosen = set(form["languages"].value() or [])
        if form["common"].value():
            chosen.add("")
        return super().get_context_data(
            title=gettext("Restore the version of %(date)s")
            % {"date": date_format(self.version.revision.date_created, "DATETIME_FORMAT")},
            version=self.version,
            groups=[(group, group.code in chosen) for group in self.groups],
            unchanged=[
                name
                for code, name in LANGUAGE_NAMES.items()
                if all(group.code != code for group in self.groups)
            ],
            **kwargs,
        )
