"""Every admin screen, in Arabic and in Russian, shows no admin string left in English: ours,
Django's, and those of django-axes, django-taggit and django-reversion."""

import re
from pathlib import Path

import django
import lxml.html
import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from articles.revisions import article_versions
from articles.workflow import article_save
from newsroom.admin_language import admin_language_set
from newsroom.roles import ROLES

pytestmark = pytest.mark.django_db

SITE_PACKAGES = Path(django.__file__).parent.parent
#: The catalogues whose English msgids must never reach an Arabic or Russian admin page.
CATALOGUES = [
    Path(settings.BASE_DIR) / "locale" / "{language}" / "LC_MESSAGES" / "django.po",
    *(
        SITE_PACKAGES / package / "locale" / "{language}" / "LC_MESSAGES" / "django.po"
        for package in (
            "django/contrib/admin",
            "django/contrib/auth",
            "axes",
            "taggit",
            "reversion",
        )
    ),
]
#: Words that are the same in every language we check (names, codes).
SAME_EVERYWHERE = {"HTML", "URL", "ID", "JSON", "PO", "XLIFF", "RSS", "Atom", "IP"}


def known_english(language: str) -> set[str]:
    """The English admin strings that ``language`` translates to something else."""
    known = set()
    for path in CATALOGUES:
        path = Path(str(path).format(language=language))
        if path.exists():
            for entry in polib.pofile(str(path)):
                if entry.msgid_plural or "%" in entry.msgid or "{" in entry.msgid:
                    continue
                known.add(entry.msgid)
    with translation.override(language):
        return {
            msgid
            for msgid in known
            if len(msgid) > 1
            and msgid not in SAME_EVERYWHERE
            and translation.gettext(msgid) != msgid
        }


def _clean(text: str) -> str:
    return re.sub(r"^[\s\d:·/›‹»«“”\-–—…()]+|[\s:·/›‹»«“”\-–—…()]+$", "", text or "")


def shown_texts(html: str) -> list[str]:
    """The texts a person sees or hears: text nodes, titles, labels, buttons (not the
    content being edited, nor text marked as another language)."""
    root = lxml.html.fromstring(html)
    page_language = root.get("lang")
    texts = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "textarea"):
            continue
        marked = element.xpath("ancestor-or-self::*[@lang][1]/@lang")
        if marked and marked[0] != page_language:
            continue
        texts += [element.text, element.tail]
        for attribute in ("title", "aria-label", "placeholder", "alt"):
            texts.append(element.get(attribute))
        if element.tag == "input" and element.get("type") in ("submit", "button"):
            texts.append(element.get("value"))
    return [cleaned for text in texts if (cleaned := _clean(text))]


def admin_screens(admin_user) -> list[str]:
    """Every admin screen: home, changelists, add and change forms of every model, the login
    logs, revisions and restore, the desk, the queue, the import, settings, history."""
    call_command("loaddemo")
    article = Article.objects.order_by("pk").first()  # the seed, loaded first
    article.title_ar = article.title_ar + " ."
    article_save(article=article, user=admin_user, changed={"title_ar"})
    old = list(article_versions(article))[-1]
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.objects.create(
        username="someone", ip_address="10.0.0.1", user_agent="x", failures_since_start=2
    )
    AccessLog.objects.create(username="someone", ip_address="10.0.0.1", user_agent="x")
    AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.1", user_agent="x")
    urls = [
        reverse("admin:index"),
        reverse("admin:my_settings"),
        reverse("admin:password_change"),
        reverse("admin:articles_article_desk"),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_revision_restore", args=[article.pk, old.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("translations:queue"),
        reverse("translations:import"),
    ]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_request(admin_user)):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        obj = model._default_manager.first()
        if obj is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return urls


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def data_on(url: str) -> set[str]:
    """Texts that are records' values, not the admin's words, where they happen to equal a
    msgid: the role groups' names (records named by ``syncroles``, like a person's name),
    and the Python ``None`` that django-q2's schedule list prints for a task never run."""
    data = set(ROLES)
    if url.startswith("/admin/django_q/"):
        data.add("None")
    return data


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_no_admin_screen_shows_an_english_admin_string(client, admin_user, language):
    urls = admin_screens(admin_user)
    admin_language_set(user=admin_user, language=language)
    client.force_login(admin_user)
    english = known_english(language)
    assert {"Save", "Log out", "Locked Out", "Revisions", "My settings"} <= english
    found = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'lang="{language}"' in html[:300], url
        untranslated = sorted(
            {text for text in shown_texts(html) if text in english} - data_on(url)
        )
        if untranslated:
            found[url] = untranslated
    assert found == {}, "\n".join(f"{url}: {texts}" for url, texts in found.items())
    assert len(urls) > 40  # every screen was seen
