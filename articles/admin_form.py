"""The article form's desk helpers: which language tab opens, what the workflow buttons say,
and the confirmation a transition gives, in words (see ``ArticleAdmin``)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import LANGUAGE_CODES, Article
from newsroom.dates import date_display
from newsroom.roles import translates_only, translator_languages
from newsroom.translation_policy import policy_for

#: The query parameter (after a redirect) and the posted field (with the form) that carry
#: the language tab in use, so that «Save and continue» reopens the form on it.
TAB_PARAMETER = "_tab"

#: What each workflow button says: it saves the form, then moves the article.
BUTTON_LABELS = {
    "submit": _("Save and submit for review"),
    "publish": _("Save and publish"),
    "schedule": _("Save and schedule"),
    "unpublish": _("Save and unpublish"),
    "archive": _("Save and archive"),
    "send_back": _("Save and send back to draft"),
}


def opening_language(request: HttpRequest, article: Article | None) -> str:
    """The language tab the form opens on.

    The tab in use when the form was posted (a re-shown form, or the redirect after «Save
    and continue»); else a translator's first assigned language; else the article's own
    language (its translation policy says which).
    """
    chosen = request.POST.get(TAB_PARAMETER) or request.GET.get(TAB_PARAMETER)
    if chosen in LANGUAGE_CODES:
        return chosen
    if translates_only(request.user) and (assigned := translator_languages(request.user)):
        return assigned[0]
    article = article if article is not None else Article()
    language = policy_for(article).source_language(article)
    return language if language in LANGUAGE_CODES else LANGUAGE_CODES[0]


def with_tab(url: str, request: HttpRequest) -> str:
    """``url`` carrying the posted language tab (if any) as ``?_tab=``."""
    tab = request.POST.get(TAB_PARAMETER)
    if tab not in LANGUAGE_CODES:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != TAB_PARAMETER]
    query.append((TAB_PARAMETER, tab))
    return urlunsplit(parts._replace(query=urlencode(query)))


def language_names(codes: list[str]) -> str:
    """The languages' names in the admin's language, as a list: "Arabic and Russian"."""
    names = dict(settings.LANGUAGES)
    words = [str(names[code]) for code in codes]
    if len(words) < 2:
        return "".join(words)
    return gettext("%(list)s and %(last)s") % {
        "list": gettext(", ").join(words[:-1]),
        "last": words[-1],
    }


def _languages_sentence(article: Article, *, future: bool) -> str:
    """Where the article is (or will be) public: "Live in Arabic; English has no text yet"."""
    live = [code for code in LANGUAGE_CODES if code in article.translated_languages()]
    missing = [code for code in LANGUAGE_CODES if code not in live]
    if not live:
        return gettext("No language has a title and a text yet: it is public in none.")
    where = (
        gettext("It goes live in %(languages)s") if future else gettext("Live in %(languages)s")
    ) % {"languages": language_names(live)}
    if not missing:
        return gettext("%(where)s.") % {"where": where}
    lacking = ngettext(
        "%(languages)s has no text yet", "%(languages)s have no text yet", len(missing)
    ) % {"languages": language_names(missing)}
    return gettext("%(where)s; %(lacking)s.") % {"where": where, "lacking": lacking}


def transition_message(action: str, article: Article) -> str:
    """What happened, in words, after the workflow action ``action`` on ``article``."""
    if action == "publish":
        return gettext("Published.") + " " + _languages_sentence(article, future=False)
    if action == "schedule":
        when = date_display(article.published_at, "DATETIME_FORMAT")
        return (
            gettext("Scheduled for %(date)s.") % {"date": when}
            + " "
            + _languages_sentence(article, future=True)
        )
    return {
        "submit": gettext("Submitted for review: the editors can publish it now."),
        "unpublish": gettext("Unpublished: it is no longer on the public site."),
        "archive": gettext("Archived: off the public site and closed to translators."),
        "send_back": gettext("Sent back to draft, with your comment."),
    }[action]


def state_badge(article: Article | None) -> tuple[str, str]:
    """The article's state as a badge: (CSS key, label in the admin's language)."""
    if article is None or article.pk is None:
        return "new", gettext("New, not saved yet")
    key = "scheduled" if article.is_scheduled else article.status
    return key, article.get_state_display()


def button_transitions(transitions) -> list[tuple[str, str]]:
    """(action, button label) for each transition offered."""
    return [(t.action, str(BUTTON_LABELS.get(t.action, t.label))) for t in transitions]
