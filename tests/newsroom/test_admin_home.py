"""The admin's home page: the newsroom's desk and translation queue in the person's language,
the site's name, one heading for the login logs, one Tags entry, a constant number of queries."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article
from newsroom.admin_language import admin_language_set
from newsroom.roles import EDITOR, REPORTER, TRANSLATOR
from tests.builders import article_build
from tests.html_tools import vnu_errors
from tests.staff import staff_build

pytestmark = pytest.mark.django_db

Status = Article.Status


def home(client, language: str = "en"):
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def listed(page, key: str) -> dict[str, str]:
    """The articles a list of the desk shows: title → the link's address."""
    return {a.text_content(): a.get("href") for a in page.cssselect(f"[data-dashboard={key}] li a")}


def newsroom(reporter, count: int = 1) -> dict[str, list[Article]]:
    """``count`` articles in each state the home page lists."""
    now = timezone.now()
    made = {"draft": [], "review": [], "scheduled": [], "published": []}
    for n in range(count):
        made["draft"].append(
            article_build(title_ar=f"مسودة {n}", status=Status.DRAFT, created_by=reporter)
        )
        made["review"].append(article_build(title_ar=f"للمراجعة {n}", status=Status.IN_REVIEW))
        made["scheduled"].append(
            article_build(title_ar=f"مجدول {n}", published_at=now + timedelta(hours=n + 1))
        )
        made["published"].append(article_build(title_ar=f"منشور {n}"))
    return made


def test_the_desk_lists_each_article_one_click_from_its_form(client):
    reporter = staff_build(role=REPORTER)
    made = newsroom(reporter)
    someone_elses = article_build(title_ar="مسودة زميل", status=Status.DRAFT)
    client.force_login(reporter)
    page = home(client, "ar")
    form = "/admin/articles/article/{}/change/"
    assert listed(page, "my-drafts") == {"مسودة 0": form.format(made["draft"][0].pk)}
    assert form.format(someone_elses.pk) not in str(listed(page, "my-drafts"))
    assert listed(page, "awaiting-review") == {"للمراجعة 0": form.format(made["review"][0].pk)}
    assert listed(page, "scheduled") == {"مجدول 0": form.format(made["scheduled"][0].pk)}
    assert listed(page, "recently-published") == {"منشور 0": form.format(made["published"][0].pk)}
    assert page.cssselect("a[href='/admin/articles/article/add/']")  # write a new one
    assert not page.cssselect(".dashboard-queue")  # a reporter has no translation queue


def test_the_home_page_is_in_the_persons_language_with_the_sites_name(client):
    editor = staff_build(role=EDITOR)
    admin_language_set(user=editor, language="ru")
    client.force_login(editor)
    page = home(client)
    text = page.text_content()
    assert "Django" not in text
    assert page.cssselect("#site-name a")[0].text_content() == "Редакция"
    assert page.cssselect("title")[0].text_content() == "Главная редакции | Редакция"
    headings = [h.text_content() for h in page.cssselect(".dashboard-list h3")]
    with translation.override("ru"):
        expected = [
            gettext(text)
            for text in ("My drafts", "Awaiting review", "Scheduled next", "Recently published")
        ]
    assert headings == expected
    assert headings[0] == "Мои черновики"


def test_translators_see_their_queue_per_language(client):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article_build(title_ar="بلا ترجمة")
    article_build(title_ar="مترجم", title_ru="Переведено", body_ru="<p>Т.</p>", slug_ru="p")
    client.force_login(translator)
    page = home(client)
    rows = page.cssselect("[data-queue-language]")
    assert [row.get("data-queue-language") for row in rows] == ["ru"]
    assert rows[0].cssselect("a")[0].get("href") == "/admin/translations/"
    assert " ".join(rows[0].text_content().split()) == "Russian: 1 missing · 1 outdated"
    assert listed(page, "recently-published")  # and the desk, to open an article


def test_one_tags_entry_and_the_login_logs_under_one_heading(admin_client):
    page = home(admin_client)
    tags = page.cssselect(".app-list a[href$='/tag/'], #content-main .module a[href$='/tag/']")
    assert {a.get("href") for a in tags} == {"/admin/articles/tag/"}
    axes = page.cssselect(".app-axes")
    assert len(axes) == 1
    assert axes[0].cssselect("caption")[0].text_content().strip() == "Login security"
    models = {a.text_content() for a in axes[0].cssselect("th a")}
    assert models == {"Access attempts", "Access logs", "Access failures"}
    assert not page.cssselect(".app-taggit, .app-reversion")
    # The list of every app stays on the page.
    assert page.cssselect(".app-articles a[href='/admin/articles/article/']")


@pytest.mark.parametrize("role", [EDITOR, TRANSLATOR])
def test_a_constant_number_of_queries(client, role):
    user = staff_build(role=role, languages=("ru", "en") if role == TRANSLATOR else ())
    client.force_login(user)
    counts = []
    for size in (1, 6):
        newsroom(user, size)
        with CaptureQueriesContext(connection) as queries:
            home(client)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # Session, user (with their admin language), permissions (two), the languages they
    # translate and the queue's counts, the desk's four lists, the recent actions.
    assert counts[0] == 11


def test_the_home_and_settings_pages_have_no_html_errors(client, tmp_path):
    editor = staff_build(role=EDITOR)
    newsroom(editor)
    client.force_login(editor)
    pages = {}
    for language in ("ar", "en"):
        admin_language_set(user=editor, language=language)
        for name, url in (("home", "/admin/"), ("settings", "/admin/settings/")):
            response = client.get(url)
            assert response.status_code == 200
            pages[f"{language}-{name}"] = response.content.decode()
    errors = vnu_errors(pages, tmp_path)
    assert {name: found for name, found in errors.items() if found} == {}
