"""Autosave of the article form: typing is never lost.

Every few seconds while the form changes, and when the page is hidden or closed, the
browser (``static/js/admin-autosave.js``) posts what the form holds; it is kept per
person and article (``ArticleAutosave``), apart from the article and its revisions, until
the person saves the article or discards it. Reopening the form offers to restore it,
showing what differs from the article as saved now; restoring puts the form back exactly
as it was, with the markers of the version it was opened on (``loaded_at`` and each
field's value as opened), so saving it goes through the same no-lost-edits check as any
save (``ArticleAdminForm.clean``): a change someone else saved meanwhile is never silently
overwritten. Autosaves are bounded in size and number per person, pass the same text
checks as a save, and are refused for an article the person may not edit.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.forms.utils import ErrorDict
from django.http import JsonResponse, QueryDict
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views import View
from reversion.models import Version

from articles import workflow
from articles.models import Article, ArticleAutosave, RevisionNote
from articles.revisions import FieldDiff, article_values, values_diff
from articles.richtext import sanitize_body
from newsroom.text import text_problem

#: The largest autosave accepted (the request, and the form data stored): 1 MiB.
MAX_BYTES = 1024 * 1024
#: Autosaves kept per person; storing one more drops the oldest.
MAX_PER_PERSON = 20
#: Autosaves untouched for longer are purged (``manage.py purgeautosaves`` and on the way).
KEEP_DAYS = 30
#: How often the browser checks the form for changes to autosave.
INTERVAL_SECONDS = 5
#: ``?_autosave=restore`` on the form's address opens it with the person's autosave.
RESTORE_PARAMETER = "_autosave"
#: Posted with a save made after restoring: its revision says "Autosave restored".
RESTORED_FLAG = "_autosave_restored"
#: The form's own inputs kept beside the fields: its markers and the workflow comment.
MARKERS = ("loaded_at", "sources_seen", "transition_comment")
#: At most this many values per input (a list of tags, people) and inputs per form.
MAX_VALUES = 1000


class AutosaveRefused(Exception):
    """The autosave cannot be stored; ``status`` is the HTTP answer, ``message`` says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- Storing ---------------------------------------------------------------------------------


def autosave_for(*, user: AbstractBaseUser, article: Article | None) -> ArticleAutosave | None:
    """The person's autosave of ``article`` (None: of their new article), if any."""
    return ArticleAutosave.objects.filter(user=user, article=article).first()


def _input_names(field: str) -> set[str]:
    """The names a form field's inputs post under (a date and time field has two)."""
    return {field, f"{field}_0", f"{field}_1"}


def autosave_clean(*, data: object, editable: frozenset[str]) -> dict[str, list[str]]:
    """The posted form data to keep: the inputs of the fields the person may edit (with the
    values they were opened with) and the form's markers, each text checked as a save
    checks it; rich text cleaned by the same allowlist. ``ValidationError`` when not."""
    if not isinstance(data, dict) or len(data) > MAX_VALUES:
        raise ValidationError(gettext("The form data is not readable."), code="invalid")
    allowed = set()
    for name in editable:
        allowed |= _input_names(name) | {f"initial-{n}" for n in _input_names(name)}
    for name in MARKERS:
        allowed |= _input_names(name)
    kept: dict[str, list[str]] = {}
    problems = []
    for name, values in data.items():
        if name not in allowed:
            continue
        if not isinstance(values, list) or len(values) > MAX_VALUES:
            raise ValidationError(gettext("The form data is not readable."), code="invalid")
        if not all(isinstance(value, str) for value in values):
            raise ValidationError(gettext("The form data is not readable."), code="invalid")
        if problem := _text_problem(name, values):
            problems.append(problem)
            continue
        if name.startswith("body_"):  # what the person sees now, cleaned as a save cleans it
            values = [sanitize_body(value) for value in values]
        kept[name] = values
    if problems:
        raise ValidationError(problems, code="unsafe_text")
    return kept


def _text_problem(name: str, values: list[str]) -> str | None:
    """Why a value typed in input ``name`` could not be saved (length, unsafe text)."""
    if name.startswith("initial-") or name in ("loaded_at", "sources_seen"):
        return None  # the stored values the form was opened with, not typing
    base = name.removesuffix("_0").removesuffix("_1")
    if base in workflow.ALL_FIELDS:
        model_field = Article._meta.get_field(base)
        label = str(model_field.verbose_name)
        if base not in workflow.SHARED_FIELDS:  # a translated field: say which language
            label = f"{label} [{base.rpartition('_')[2]}]"
    else:
        model_field, label = None, gettext("Comment")
    limit = getattr(model_field, "max_length", None)
    for value in values:
        if limit and len(value) > limit:
            return gettext("%(field)s: at most %(limit)d characters (it has %(length)d).") % {
                "field": label,
                "limit": limit,
                "length": len(value),
            }
        if not name.startswith("body_") and (problem := text_problem(value)):
            return f"{label}: {problem}"  # rich text has such characters removed instead
    return None


def autosave_store(
    *,
    user: AbstractBaseUser,
    article: Article | None,
    data: dict[str, list[str]],
    session: str,
    partial: bool = False,
) -> ArticleAutosave:
    """Keep ``data`` as the person's autosave of ``article``; ``partial`` adds inputs to the
    autosave the same open form (``session``) made before. Drops the person's oldest beyond
    ``MAX_PER_PERSON`` and everyone's older than ``KEEP_DAYS``."""
    with transaction.atomic():
        existing = (
            ArticleAutosave.objects.select_for_update().filter(user=user, article=article).first()
        )
        if partial:
            if existing is None or existing.session != session:
                raise AutosaveRefused(409, gettext("Send the whole form: nothing to add to."))
            data = {**existing.data, **data}
        size = len(json.dumps(data, ensure_ascii=False).encode())
        if size > MAX_BYTES:
            raise AutosaveRefused(413, too_large_message())
        autosave = existing or ArticleAutosave(user=user, article=article)
        autosave.data, autosave.session, autosave.size = data, session, size
        autosave.save()
        newest = ArticleAutosave.objects.filter(user=user).order_by("-updated_at", "-pk")
        ArticleAutosave.objects.filter(
            user=user, pk__in=Subquery(newest.values("pk")[MAX_PER_PERSON:])
        ).delete()
        autosave_purge()
    return autosave


def autosave_discard(*, user: AbstractBaseUser, article: Article | None) -> None:
    """Forget the person's autosave of ``article`` (None: of their new article)."""
    ArticleAutosave.objects.filter(user=user, article=article).delete()


def autosave_purge(*, days: int = KEEP_DAYS) -> int:
    """Delete every autosave untouched for ``days`` days; how many there were."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _per_model = ArticleAutosave.objects.filter(updated_at__lt=cutoff).delete()
    return deleted


def too_large_message() -> str:
    return gettext(
        "Too much text to autosave (more than %(size)d MiB): save the article to keep it."
    ) % {"size": MAX_BYTES // (1024 * 1024)}


# --- What differs --------------------------------------------------------------------------


def _query_dict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


_RELATIONS = {"section": "section_id", "source": "source_id", "lead_photo": "lead_photo_id"}


def autosave_values(data: dict[str, list[str]], fields: dict[str, forms.Field]) -> dict:
    """The autosaved fields as ``articles.revisions`` compares an article's values."""
    query, values = _query_dict(data), {}
    for name in sorted(workflow.ALL_FIELDS):
        field = fields.get(name)
        if field is None or field.disabled or not _input_names(name) & data.keys():
            continue
        raw = field.widget.value_from_datadict(query, {}, name)
        try:
            if name in workflow.M2M_FIELDS:
                values[name] = sorted(int(pk) for pk in raw or [] if pk)
            elif name in _RELATIONS:
                values[_RELATIONS[name]] = int(raw) if raw else None
            elif name == "published_at":
                values[name] = field.clean(raw)
            else:
                values[name] = raw or ""
        except (TypeError, ValueError, ValidationError):
            continue  # not comparable: the restored form shows it as it was typed
    return values


def autosave_diff(
    *, autosave: ArticleAutosave, fields: dict[str, forms.Field], article: Article | None
) -> list[FieldDiff]:
    """Each field (per language) whose autosaved value differs from the article saved now."""
    before = article_values(article) if article is not None else {}
    after = {**before, **autosave_values(autosave.data, fields)}
    return [
        diff
        for diff in values_diff(before, after)
        if diff.field != "status" and diff.old != diff.new
    ]


# --- The admin ------------------------------------------------------------------------------


def _restoring(form_class: type[forms.ModelForm], data: dict[str, list[str]]) -> None:
    """Make the form class (made for this request) open with ``data``, as it was typed."""
    opened = form_class.__init__

    def __init__(self, data_=None, files=None, *args, **kwargs):
        restore = data_ is None and files is None
        opened(self, _query_dict(data) if restore else data_, files, *args, **kwargs)
        if restore:
            # Shown as typed, checked when saved (with the no-lost-edits check), not before.
            self._errors = ErrorDict()

    form_class.__init__ = __init__


class AutosaveAdminMixin:
    """An article admin whose change and add forms autosave, offer to restore and warn
    before leaving with unsaved changes."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        store = wrap(AutosaveView.as_view(model_admin=self))
        discard = wrap(AutosaveDiscardView.as_view(model_admin=self))
        return [
            path("autosave/", store, name="articles_article_autosave_new"),
            path("autosave/discard/", discard, name="articles_article_autosave_discard_new"),
            path("<path:object_id>/autosave/", store, name="articles_article_autosave"),
            path(
                "<path:object_id>/autosave/discard/",
                discard,
                name="articles_article_autosave_discard",
            ),
            *super().get_urls(),
        ]

    def _may_edit(self, request, obj) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.autosave_started = timezone.now()
        request.autosave_restoring = None
        if request.method == "GET" and request.GET.get(RESTORE_PARAMETER) == "restore":
            article = self.get_object(request, unquote(object_id)) if object_id else None
            if (object_id is None or article is not None) and self._may_edit(request, article):
                request.autosave_restoring = autosave_for(user=request.user, article=article)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        autosave = getattr(request, "autosave_restoring", None)
        if autosave is not None:
            _restoring(form, autosave.data)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        autosave = self._autosave_context(request, context, obj if change else None)
        if autosave is not None:
            context["autosave"] = autosave
            context["media"] = context["media"] + forms.Media(
                js=["js/admin-autosave.js"], css={"all": ["css/admin-autosave.css"]}
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _autosave_context(self, request, context, article: Article | None) -> dict | None:
        if not self._may_edit(request, article):
            return None
        if article is None:
            urls = (
                reverse("admin:articles_article_autosave_new"),
                reverse("admin:articles_article_autosave_discard_new"),
            )
        else:
            urls = (
                reverse("admin:articles_article_autosave", args=[article.pk]),
                reverse("admin:articles_article_autosave_discard", args=[article.pk]),
            )
        restored = getattr(request, "autosave_restoring", None) is not None or bool(
            request.POST.get(RESTORED_FLAG)
        )
        offer = None
        if request.method == "GET" and not restored:
            offer = self._autosave_offer(request, context, article)
        return {
            "url": urls[0],
            "discard_url": urls[1],
            "restored": restored,
            "restored_flag": RESTORED_FLAG,
            "offer": offer,
            "interval": INTERVAL_SECONDS,
            "restore_parameter": RESTORE_PARAMETER,
        }

    def _autosave_offer(self, request, context, article: Article | None) -> dict | None:
        autosave = autosave_for(user=request.user, article=article)
        if autosave is None:
            return None
        fields = context["adminform"].form.fields
        diffs = autosave_diff(autosave=autosave, fields=fields, article=article)
        if not diffs:  # nothing to restore (it was saved as it is)
            autosave.delete()
            return None
        opened = (autosave.data.get("loaded_at") or [""])[0]
        return {
            "autosave": autosave,
            "diffs": diffs,
            "saved_since": article is not None and opened != article.updated_at.isoformat(),
        }

    def log_addition(self, request, obj, message):
        autosave_discard(user=request.user, article=None)
        self._mark_restored(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        autosave_discard(user=request.user, article=obj)
        self._mark_restored(request, obj)
        return super().log_change(request, obj, message)

    def _mark_restored(self, request, obj: Article) -> None:
        """The revision this save made says the person restored an autosave before it.

        Recorded beside the note of the save itself (a revision may hold more than one).
        """
        if not request.POST.get(RESTORED_FLAG):
            return
        version = Version.objects.get_for_object(obj).select_related("revision").first()
        started = getattr(request, "autosave_started", None)
        if version is None or started is None or version.revision.date_created < started:
            return  # this save made no revision (nothing changed)
        RevisionNote.objects.create(
            revision=version.revision, kind=RevisionNote.Kind.AUTOSAVE_RESTORED
        )


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class _AutosaveEndpoint(View):
    """An autosave address of one article (or of the person's new one): POST only."""

    model_admin = None
    http_method_names = ["post"]

    def post(self, request, object_id=None):
        if object_id is None:
            article = None
        else:
            article = self.model_admin.get_object(request, unquote(object_id))
            if article is None:
                return _json_error(404, gettext("This article does not exist (any more)."))
        if not self.model_admin._may_edit(request, article):
            return _json_error(403, gettext("You may not edit this article."))
        return self.act(request, article)

    def act(self, request, article: Article | None) -> JsonResponse:
        raise NotImplementedError


class AutosaveView(_AutosaveEndpoint):
    """Store what the form holds: ``{"session": …, "partial": false, "data": {name: [values]}}``."""

    def act(self, request, article):
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BYTES:
            return _json_error(413, too_large_message())
        body = request.body
        if len(body) > MAX_BYTES:
            return _json_error(413, too_large_message())
        try:
            payload = json.loads(body)
            session = payload["session"]
            if not isinstance(session, str) or not 0 < len(session) <= 64:
                raise ValueError(session)
        except (ValueError, KeyError, TypeError):
            return _json_error(400, gettext("The form data is not readable."))
        editable = workflow.article_editable_fields(user=request.user, article=article or Article())
        try:
            data = autosave_clean(data=payload.get("data"), editable=editable)
            autosave = autosave_store(
                user=request.user,
                article=article,
                data=data,
                session=session,
                partial=payload.get("partial") is True,
            )
        except ValidationError as error:
            return JsonResponse(
                {"error": gettext("Not autosaved:") + " " + " ".join(error.messages)}, status=400
            )
        except AutosaveRefused as refused:
            return _json_error(refused.status, refused.message)
        saved_at = timezone.localtime(autosave.updated_at)
        return JsonResponse(
            {
                "saved_at": saved_at.isoformat(),
                "message": gettext("Autosaved at %(time)s")
                % {"time": date_format(saved_at, "TIME_FORMAT")},
            }
        )


class AutosaveDiscardView(_AutosaveEndpoint):
    """Forget the person's autosave of the article."""

    def act(self, request, article):
        autosave_discard(user=request.user, article=article)
        return JsonResponse({"message": gettext("Your earlier changes were discarded.")})
