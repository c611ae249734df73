"""The editors' admin: declarative, translated fields in language tabs."""

from datetime import timedelta

import taggit.models
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import admin_form, desk, front, images, revisions, workflow
from articles.admin_inlines import ArticleNoteInline, BylineInline, inline_formset_save
from articles.autosave import AutosaveAdminMixin
from articles.forms import ArticleAdminForm, PhotoForm
from articles.images import thumbnail_url
from articles.models import (
    LANGUAGE_CODES,
    Article,
    BreakingNews,
    Photo,
    PhotoCredit,
    Section,
    Source,
    Tag,
)
from articles.permissions import photo_change_allowed
from newsroom.autocomplete import AutocompleteSelectMultiple
from newsroom.content import content_delete
from newsroom.dates import date_column
from newsroom.translation_admin import (
    TRANSLATION_STATUS_FILTERS,
    TranslatedFieldsAdmin,
    translated_column,
    translation_status_column,
)


def public_page(obj) -> str | None:
    """The View-on-site link: the public page in the admin's language, if there is one."""
    language = translation.get_language()
    if type(obj).objects.public(language).filter(pk=obj.pk).exists():
        return obj.get_absolute_url(language)
    return None


def public_page_or_preview(article: Article) -> str:
    """The View-on-site link of an article: its public page, else its preview."""
    return public_page(article) or ArticleAdmin._preview_url(article, translation.get_language())


#: Search engines and social networks show a large picture from this width up.
LEAD_PHOTO_MIN_WIDTH = 1200


def lead_photo_warning(article: Article) -> str:
    """A warning for the editor when the lead picture is too narrow to be shown large."""
    photo = article.lead_photo
    if photo is None or not photo.width or photo.width >= LEAD_PHOTO_MIN_WIDTH:
        return ""
    return gettext(
        "The lead picture is %(width)s px wide: search engines and social networks show "
        "a large picture only from %(minimum)s px. Choose a wider one if you can."
    ) % {"width": photo.width, "minimum": LEAD_PHOTO_MIN_WIDTH}


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    list_display = ["text", "language", "starts_at", "expires_at", "is_shown"]
    list_filter = ["language"]
    search_fields = ["text"]
    autocomplete_fields = ["article"]
    fields = ["language", "text", "article", "starts_at", "expires_at"]

    @admin.display(boolean=True, description=_("shown now"))
    def is_shown(self, banner: BreakingNews) -> bool:
        return banner.starts_at <= timezone.now() < banner.expires_at

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("language", translation.get_language())
        initial.setdefault("expires_at", timezone.now() + timedelta(hours=2))
        return initial

    def save_model(self, request, obj, form, change):
        front.breaking_news_save(banner=obj)

    def delete_model(self, request, obj):
        content_delete(objects=[obj])

    def delete_queryset(self, request, queryset):
        content_delete(objects=list(queryset))


@admin.register(Section)
class SectionAdmin(TranslatedFieldsAdmin):
    view_on_site = staticmethod(public_page)
    list_display = [
        translated_column(Section, "name"),
        "slug",
        "position",
        translation_status_column,
    ]
    list_filter = TRANSLATION_STATUS_FILTERS
    list_editable = ["position"]
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Source)
class SourceAdmin(TranslatedFieldsAdmin):
    view_on_site = staticmethod(public_page)
    list_display = [
        translated_column(Source, "name"),
        "slug",
        "organisation",
        "website",
        translation_status_column,
    ]
    list_filter = TRANSLATION_STATUS_FILTERS
    list_select_related = ["organisation"]
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    autocomplete_fields = ["organisation"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(PhotoCredit)
class PhotoCreditAdmin(TranslatedFieldsAdmin):
    list_display = [
        translated_column(PhotoCredit, "name"),
        "organisation",
        translation_status_column,
    ]
    list_filter = TRANSLATION_STATUS_FILTERS
    list_select_related = ["organisation"]
    search_fields = ["name_ar", "name_ru", "name_en"]
    autocomplete_fields = ["organisation"]


@admin.display(description=_("preview"))
def photo_thumbnail(photo: Photo | None):
    """A small preview of a photo for lists and forms."""
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-inline-size:120px;max-block-size:80px;">',
        thumbnail_url(photo),
    )


@admin.register(Photo)
class PhotoAdmin(TranslatedFieldsAdmin):
    form = PhotoForm
    list_display = [
        photo_thumbnail,
        translated_column(Photo, "caption"),
        "credit",
        "width",
        "height",
        date_column(Photo, "created_at"),
        translation_status_column,
    ]
    list_select_related = ["credit"]
    list_filter = ["credit", *TRANSLATION_STATUS_FILTERS]
    search_fields = [
        f"{name}_{code}" for name in ("caption", "alt_text") for code in LANGUAGE_CODES
    ]
    autocomplete_fields = ["credit"]
    readonly_fields = [photo_thumbnail, "width", "height", "uploaded_by"]
    fields = [
        "image",
        photo_thumbnail,
        "width",
        "height",
        "caption",
        "alt_text",
        "credit",
        "uploaded_by",
    ]

    def get_queryset(self, request):
        # What a photo's name and thumbnail need, in lists and the autocomplete alike.
        return super().get_queryset(request).select_related("credit").prefetch_related("renditions")

    def autocomplete_extra(self, photo: Photo) -> dict[str, str]:
        """A small thumbnail beside each photo the pickers offer (newsroom.autocomplete)."""
        return {"thumbnail": thumbnail_url(photo)}

    def has_change_permission(self, request, obj=None):
        return photo_change_allowed(user=request.user, photo=obj)

    def save_model(self, request, obj, form, change):
        images.photo_save(photo=obj, user=request.user, changed=form.changed_data)

    def delete_model(self, request, obj):
        images.photo_delete(photos=[obj])

    def delete_queryset(self, request, queryset):
        images.photo_delete(photos=list(queryset))


# Our translated Tag replaces taggit's own, whose admin would list a second, empty "Tags".
admin.site.unregister(taggit.models.Tag)


@admin.register(Tag)
class TagAdmin(TranslatedFieldsAdmin):
    view_on_site = staticmethod(public_page)
    list_display = [translated_column(Tag, "name"), "slug", translation_status_column]
    list_filter = TRANSLATION_STATUS_FILTERS
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.display(description=_("languages"))
def translated_languages(article: Article) -> str:
    """Which languages the article is translated into (title, body and slug)."""
    done = set(article.translated_languages())
    return " ".join(code.upper() if code in done else "·" for code in LANGUAGE_CODES)


@admin.display(description=_("status"), ordering="status")
def workflow_state(article: Article) -> str:
    """The article's state, telling scheduled apart from published."""
    return article.get_state_display()


class StateFilter(admin.SimpleListFilter):
    """Filter by workflow state; "published" means live, "scheduled" means still to come."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*Article.Status.choices, ("scheduled", _("Scheduled"))]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == Article.Status.PUBLISHED:
            return queryset.live()
        if self.value() in Article.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class _SaveRefused(Exception):
    """``article_save`` refused what the form accepted (it validates the whole merged article)."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


@admin.register(Article)
class ArticleAdmin(AutosaveAdminMixin, TranslatedFieldsAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    inlines = [BylineInline, ArticleNoteInline]
    view_on_site = staticmethod(public_page_or_preview)
    list_display = [
        translated_column(Article, "title"),
        workflow_state,
        date_column(Article, "published_at"),
        "section",
        "source",
        translated_languages,
        translation_status_column,
        date_column(Article, "updated_at"),
    ]
    list_filter = [StateFilter, *TRANSLATION_STATUS_FILTERS, "section", "source", "published_at"]
    list_select_related = ["section", "source"]
    search_fields = ["title_ar", "title_ru", "title_en"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "source", "lead_photo", "people", "organisations"]
    readonly_fields = ["status", "created_by", "created_at_display", "updated_at_display"]
    # Read-only dates as the admin's language writes them (Arabic-Indic digits in Arabic).
    created_at_display = staticmethod(date_column(Article, "created_at"))
    updated_at_display = staticmethod(date_column(Article, "updated_at"))
    prepopulated_fields = {f"slug_{code}": (f"title_{code}",) for code in LANGUAGE_CODES}
    fieldsets = [
        # "article-text": the fields a person writes, full width (css/admin-article-form.css).
        (None, {"fields": ["title", "slug", "standfirst", "body"], "classes": ["article-text"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "original_language",
                    "published_at",
                    "embargoed_until",
                    "section",
                    "source",
                    "transition_comment",
                ]
            },
        ),
        (
            _("Photo, people and tags"),
            {"fields": ["lead_photo", "people", "organisations", "tags"]},
        ),
        (_("Front page"), {"fields": ["front_placement", "front_order"]}),
        (_("History"), {"fields": ["created_by", "created_at_display", "updated_at_display"]}),
    ]

    class Media:
        # The writing desk: tabs on the right language, wrong-script warnings, live counts,
        # Ctrl/Cmd+S, the preview beside the form, aligned source paragraphs.
        css = {"all": ["css/admin-article-form.css"]}
        js = ["js/admin-article-form.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # Pick existing translated tags with the admin's autocomplete widget.
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                label=capfirst(db_field.verbose_name),
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
            )
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("front_placement", "front_order"):
            # A form (or a script's post) without these fields keeps the article's
            # placement: only the front-page fieldset sets them.
            field.required = False
            if db_field.name == "front_placement":
                field.empty_value = Article.FrontPlacement.NORMAL
        return field

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "desk/",
                wrap(desk.DeskView.as_view(admin_site=self.admin_site)),
                name="articles_article_desk",
            ),
            path(
                "<path:object_id>/revisions/",
                wrap(revisions.RevisionsView.as_view(model_admin=self)),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                wrap(revisions.RestoreView.as_view(model_admin=self)),
                name="articles_article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or bool(workflow.article_editable_fields(user=request.user, article=obj))

    def translator_fields(self, request):
        return None  # the workflow decides, per article and state (below)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # Fields the user may not edit are disabled: shown, and ignored when posted.
        editable = workflow.article_editable_fields(user=request.user, article=obj or Article())
        for name, field in form.base_fields.items():
            if name in workflow.ALL_FIELDS and name not in editable:
                field.disabled = True
        form.save_errors = getattr(request, "article_save_errors", None)
        for code in LANGUAGE_CODES:
            field = form.base_fields.get(f"title_{code}")
            if field is not None:
                # A headline is shown whole: a one-line text area that grows with its text
                # (the script keeps it to one line), the field's own attributes kept.
                field.widget = forms.Textarea(
                    attrs={**field.widget.attrs, "rows": 1, "data-headline": code}
                )
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return self._changeform_view_once(request, object_id, form_url, extra_context)
        except _SaveRefused as refused:
            # Nothing was saved (the view's transaction rolled back): the same
            # post again, its form showing the service's errors next to the fields.
            request.article_save_errors = refused.error
            return self._changeform_view_once(request, object_id, form_url, extra_context)

    def _changeform_view_once(self, request, object_id, form_url, extra_context):
        extra_context = {
            "tab_parameter": admin_form.TAB_PARAMETER,
            "headline_max": settings.NEWSROOM_HEADLINE_MAX_CHARS,
            **(extra_context or {}),
        }
        if object_id is None:  # the add form (change_view gives the article's own)
            badge_key, badge_label = admin_form.state_badge(None)
            extra_context.setdefault("form_language", admin_form.opening_language(request, None))
            extra_context.setdefault("state_key", badge_key)
            extra_context.setdefault("state_label", badge_label)
            extra_context.setdefault(
                "transitions", workflow.article_new_transitions(user=request.user)
            )
        extra_context["transition_buttons"] = admin_form.button_transitions(
            extra_context.get("transitions") or []
        )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {
                "transitions": workflow.article_allowed_transitions(
                    user=request.user, article=article
                ),
                "transition_log": article.transitions.select_related("user")[:20],
                "previews": [
                    (code, name, self._preview_url(article, code))
                    for code, name in settings.LANGUAGES
                ],
                "going_live": self._going_live(article),
                "form_language": admin_form.opening_language(request, article),
                "state_key": admin_form.state_badge(article)[0],
                "state_label": admin_form.state_badge(article)[1],
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _going_live(article: Article) -> list[tuple[str, str, bool]]:
        """For each language: will publishing make the article public in it (translated)?"""
        complete = set(article.translated_languages())
        return [(code, name, code in complete) for code, name in settings.LANGUAGES]

    @staticmethod
    def _preview_url(article: Article, language: str) -> str:
        with translation.override(language):
            return reverse("articles:preview", kwargs={"pk": article.pk})

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            workflow.article_translation_confirm(
                article=obj, user=request.user, sources_seen=form.seen_sources()
            )
            return
        try:
            workflow.article_save(
                article=obj,
                user=request.user,
                changed=form.changed_data if change else workflow.ALL_FIELDS,
                m2m={name: form.cleaned_data[name] for name in workflow.M2M_FIELDS},
                sources_seen=form.seen_sources(),
                vouch=True,
            )
        except ValidationError as error:
            raise _SaveRefused(error) from error

    def save_related(self, request, form, formsets, change):
        # Relations were saved by workflow.article_save, only those the user changed.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        # Bylines and notes go through their services (validated, recorded, announced).
        if not inline_formset_save(request, formset):
            super().save_formset(request, form, formset, change)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_transition"):
            return self._transition_response(request, obj)
        response = super().response_add(request, obj, post_url_continue)
        return self._keep_tab(request, response)

    def response_change(self, request, obj):
        if request.POST.get("_transition"):
            return self._transition_response(request, obj)
        return self._keep_tab(request, super().response_change(request, obj))

    @staticmethod
    def _keep_tab(request, response):
        """After «Save and continue», the form reopens on the language tab in use."""
        if "_continue" in request.POST and isinstance(response, HttpResponseRedirect):
            response["Location"] = admin_form.with_tab(response["Location"], request)
        return response

    def _transition_response(self, request, obj):
        """Saved; now the workflow button: in the same transaction, so a refused transition
        leaves nothing saved and shows the form again with what was typed and why."""
        action = request.POST["_transition"]
        # A refused permission propagates (403) and rolls the whole request back.
        try:
            article = workflow.article_transition(
                action=action,
                article=obj,
                user=request.user,
                comment=request.POST.get("transition_comment", ""),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "date_required":
                error = ValidationError({"published_at": error})
            raise _SaveRefused(error) from error
        self.message_user(request, admin_form.transition_message(action, article), messages.SUCCESS)
        if action in ("publish", "schedule") and (warning := lead_photo_warning(article)):
            self.message_user(request, warning, messages.WARNING)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(admin_form.with_tab(url, request))
