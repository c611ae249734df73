"""Article revisions (django-reversion): registration, a readable diff, and restore."""

from __future__ import annotations

from dataclasses import dataclass

import reversion
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.generic import TemplateView
from reversion.models import Version

from articles import workflow
from articles.models import Article, Photo, Section, Source, Tag, TaggedArticle
from newsroom.diff import word_diff
from people.models import Organisation, Person

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def register_models() -> None:
    """Keep a version of every article save, with its tags (a custom through model)."""
    if not reversion.is_registered(Article):
        reversion.register(Article, follow=["taggedarticle_set"])
        reversion.register(TaggedArticle)


def article_versions(article: Article):
    """The article's versions, newest first, with who saved each."""
    return Version.objects.get_for_object(article).select_related("revision__user")


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
    code: str
    label: str
    language: str
    old: str
    new: str
    html: SafeString


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
    return strip_tags(str(value or "")).strip()


def versions_diff(old: Version, new: Version) -> list[FieldDiff]:
    """What changed from ``old`` to ``new``, field by field and language by language."""
    before, after = version_values(old), version_values(new)
    keys = [
        *(f"{name}_{code}" for name in workflow.TRANSLATED_FIELDS for code in LANGUAGE_NAMES),
        "status",
        "published_at",
        *_RELATIONS,
    ]
    diffs = []
    for key in keys:
        if before.get(key) == after.get(key):
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


def article_restore(*, article: Article, user: AbstractBaseUser, version: Version) -> Article:
    """Bring back a version's content (not its state) as a new revision."""
    if int(version.object_id) != article.pk:
        raise workflow.ArticleEditDenied(gettext("This version belongs to another article."))
    values = version_values(version)
    for field in workflow.ALL_FIELDS - set(workflow.M2M_FIELDS):
        attname = Article._meta.get_field(field).attname
        if attname in values:
            setattr(article, attname, values[attname])
    with transaction.atomic(), reversion.create_revision():
        article = workflow.article_save(
            article=article,
            user=user,
            changed=workflow.ALL_FIELDS,
            m2m={
                "people": values.get("people", []),
                "organisations": values.get("organisations", []),
                "tags": list(Tag.objects.filter(pk__in=values["tags"])),
            },
        )
        reversion.set_comment(
            gettext("Restored the version of %(date)s")
            % {"date": date_format(version.revision.date_created, "DATETIME_FORMAT")}
        )
    return article


class RevisionsView(TemplateView):
    """An article's revisions: the list, a comparison of two, and restore (POST)."""

    template_name = "admin/articles/revisions.html"
    model_admin: ModelAdmin | None = None

    def dispatch(self, request, *args, **kwargs):
        self.article = self.model_admin.get_object(request, unquote(kwargs["object_id"]))
        if self.article is None:
            raise Http404
        if not self.model_admin.has_view_or_change_permission(request, self.article):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        version = get_object_or_404(article_versions(self.article), pk=request.POST.get("restore"))
        article_restore(article=self.article, user=request.user, version=version)
        messages.success(request, gettext("The version was restored as a new revision."))
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        versions = list(article_versions(self.article))
        by_id = {str(v.pk): v for v in versions}
        old, new = by_id.get(self.request.GET.get("old")), by_id.get(self.request.GET.get("new"))
        if old and new and old.revision.date_created > new.revision.date_created:
            old, new = new, old
        can_restore = (
            workflow.article_editable_fields(user=self.request.user, article=self.article)
            >= workflow.ALL_FIELDS
        )
        return super().get_context_data(
            **self.model_admin.admin_site.each_context(self.request),
            title=gettext("Revisions of “%(article)s”") % {"article": self.article},
            opts=Article._meta,
            original=self.article,
            versions=versions,
            old=old,
            new=new,
            diff=versions_diff(old, new) if old and new else None,
            can_restore=can_restore,
            **kwargs,
        )
