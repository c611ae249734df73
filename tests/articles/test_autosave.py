"""Autosave of the article form: kept apart from the article, bounded, checked, restorable."""

import json
from datetime import timedelta

import lxml.html
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import autosave
from articles.models import Article, ArticleAutosave
from newsroom.roles import EDITOR, REPORTER, TRANSLATOR
from tests.builders import article_build
from tests.html_tools import vnu_errors
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def discard_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_discard_new")
    return reverse("admin:articles_article_autosave_discard", args=[article.pk])


def browser(user, *, csrf: bool = False) -> Client:
    client = Client(headers={"accept-language": "en"}, enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def opened(client, url) -> dict:
    """What the browser's form holds, as the autosave script posts it."""
    data = form_data(client.get(url).content.decode())
    return {k: v for k, v in data.items() if k != "csrfmiddlewaretoken" and not k.startswith("_")}


def post_autosave(client, url, data, *, session="s1", partial=False, **headers):
    body = json.dumps({"session": session, "partial": partial, "data": data})
    return client.post(url, body, content_type="application/json", **headers)


@pytest.fixture
def article():
    return article_build(status=Article.Status.DRAFT, title_ar="العنوان الأول")


@pytest.fixture
def editor():
    return staff_build(role=EDITOR, first_name="Amal", last_name="Haddad")


def test_an_autosave_is_kept_apart_and_never_changes_the_article(article, editor):
    client = browser(editor)
    before = Article.objects.get(pk=article.pk)
    versions = Version.objects.get_for_object(article).count()
    data = {**opened(client, change_url(article)), "title_ar": ["عنوان لم يحفظ"]}

    response = post_autosave(client, autosave_url(article), data)

    assert response.status_code == 200
    assert response.json()["message"].startswith("Autosaved at")
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.title_ar, fresh.updated_at) == (before.title_ar, before.updated_at)
    assert Version.objects.get_for_object(article).count() == versions
    stored = ArticleAutosave.objects.get(user=editor, article=article)
    assert stored.data["title_ar"] == ["عنوان لم يحفظ"]
    assert stored.data["initial-title_ar"] == ["العنوان الأول"]  # what was opened


def test_reopening_offers_the_autosave_with_what_differs_and_restoring_brings_it_back(
    article, editor
):
    client = browser(editor)
    data = {**opened(client, change_url(article)), "title_ar": ["عنوان لم يحفظ"]}
    data["body_ar"] = ["<p>نص تجريبي. وفقرة كتبت للتو.</p>"]
    post_autosave(client, autosave_url(article), data)

    html = client.get(change_url(article)).content.decode()
    assert "You have unsaved changes" in html
    offer = html[html.index("autosave-offer") :]
    assert "<ins>عنوان لم يحفظ</ins>" in offer  # a readable word diff per field
    assert "<del>العنوان الأول</del>" in offer
    assert "<ins>وفقرة كتبت للتو.</ins>" in offer
    assert 'data-field="title_ar"' in offer and 'data-field="body_ar"' in offer
    assert 'data-field="title_en"' not in offer  # only what differs

    restored = client.get(change_url(article) + "?_autosave=restore").content.decode()
    form = form_data(restored)
    assert form["title_ar"] == ["عنوان لم يحفظ"]
    assert "وفقرة كتبت للتو" in form["body_ar"][0]
    assert form["initial-title_ar"] == ["العنوان الأول"]  # still the version it was opened on
    assert form["_autosave_restored"] == ["1"]
    assert "errorlist" not in restored  # checked when saved, not before

    # Saving it keeps it, deletes the autosave, and the revision says it was restored.
    response = client.post(change_url(article), form)
    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title_ar == "عنوان لم يحفظ"
    assert "وفقرة كتبت للتو" in fresh.body_ar
    assert not ArticleAutosave.objects.exists()
    assert restored_kinds(article) == {"saved", "autosave_restored"}
    assert "You have unsaved changes" not in client.get(change_url(article)).content.decode()


def test_a_restored_autosave_still_conflicts_with_a_later_save_by_someone_else(article, editor):
    other = staff_build(role=EDITOR, first_name="Omar", last_name="Said")
    client = browser(editor)
    data = {**opened(client, change_url(article)), "title_ar": ["عنوان أمل"]}
    assert post_autosave(client, autosave_url(article), data).status_code == 200

    # Meanwhile someone else saves the same field.
    other_client = browser(other)
    other_form = form_data(other_client.get(change_url(article)).content.decode())
    assert (
        other_client.post(change_url(article), {**other_form, "title_ar": "عنوان عمر"}).status_code
        == 302
    )

    html = client.get(change_url(article)).content.decode()
    assert "Someone saved the article after you opened it" in html
    form = form_data(client.get(change_url(article) + "?_autosave=restore").content.decode())
    response = client.post(change_url(article), form)

    assert response.status_code == 200  # refused, not silently overwritten
    html = response.content.decode()
    assert "Omar Said saved this article" in html
    assert "عنوان أمل" in html  # what they typed is still in the form
    assert Article.objects.get(pk=article.pk).title_ar == "عنوان عمر"
    assert ArticleAutosave.objects.filter(user=editor).exists()  # nothing saved, nothing lost

    # Having seen the warning, saving again keeps theirs, saying it came from the autosave.
    response = client.post(change_url(article), form_data(html))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).title_ar == "عنوان أمل"
    assert "autosave_restored" in restored_kinds(article)


def test_saving_without_restoring_deletes_the_autosave(article, editor):
    client = browser(editor)
    data = {**opened(client, change_url(article)), "title_ar": ["عنوان"]}
    post_autosave(client, autosave_url(article), data)
    form = form_data(client.get(change_url(article)).content.decode())
    assert client.post(change_url(article), {**form, "standfirst_ar": "ملخص"}).status_code == 302
    assert not ArticleAutosave.objects.exists()
    assert Version.objects.get_for_object(article).first().revision.comment == ""


def test_discarding_deletes_it_and_needs_csrf(article, editor):
    client = browser(editor, csrf=True)
    page = client.get(change_url(article)).content.decode()
    token = form_data(page)["csrfmiddlewaretoken"][0]
    data = {**opened(client, change_url(article)), "title_ar": ["عنوان"]}
    assert post_autosave(client, autosave_url(article), data).status_code == 403  # no token
    assert not ArticleAutosave.objects.exists()
    response = post_autosave(client, autosave_url(article), data, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200

    assert client.post(discard_url(article)).status_code == 403  # no token
    assert ArticleAutosave.objects.exists()
    response = client.post(discard_url(article), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert not ArticleAutosave.objects.exists()
    assert "You have unsaved changes" not in client.get(change_url(article)).content.decode()


def test_a_new_article_is_autosaved_per_person_restored_and_deleted_once_added(editor):
    add_url = reverse("admin:articles_article_add")
    client = browser(editor)
    data = {**opened(client, add_url), "title_ar": ["خبر جديد لم يحفظ"], "slug_ar": ["خبر-جديد"]}
    assert post_autosave(client, autosave_url(), data).status_code == 200
    assert ArticleAutosave.objects.get(user=editor).article is None

    someone = staff_build(role=EDITOR)
    assert "You have unsaved changes" not in browser(someone).get(add_url).content.decode()
    html = client.get(add_url).content.decode()
    assert "You have unsaved changes" in html and "<ins>خبر جديد لم يحفظ</ins>" in html

    form = form_data(client.get(add_url + "?_autosave=restore").content.decode())
    assert form["title_ar"] == ["خبر جديد لم يحفظ"]
    assert client.post(add_url, form).status_code == 302
    assert Article.objects.filter(title_ar="خبر جديد لم يحفظ").exists()
    assert not ArticleAutosave.objects.exists()


def test_refused_for_an_article_the_person_may_not_edit(article):
    reporter = staff_build(role=REPORTER)  # not theirs
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    archived = article_build(status=Article.Status.ARCHIVED)
    data = {"title_ar": ["مزور"]}
    assert post_autosave(browser(reporter), autosave_url(article), data).status_code == 403
    assert post_autosave(browser(translator), autosave_url(archived), data).status_code == 403
    assert post_autosave(browser(reporter), discard_url(article), {}).status_code == 403
    nobody = staff_build()  # staff, no role: may not add articles
    assert post_autosave(browser(nobody), autosave_url(), data).status_code == 403
    assert not ArticleAutosave.objects.exists()
    # A translator's autosave keeps only the fields of their languages.
    response = post_autosave(
        browser(translator),
        autosave_url(article),
        {"title_ar": ["مزور"], "title_ru": ["Заголовок"]},
    )
    assert response.status_code == 200
    assert ArticleAutosave.objects.get().data == {"title_ru": ["Заголовок"]}


def test_unknown_article_is_404(editor):
    response = post_autosave(browser(editor), "/admin/articles/article/999999/autosave/", {})
    assert response.status_code == 404


def test_too_large_is_413_and_nothing_is_kept(article, editor):
    body = "<p>" + "ن" * (autosave.MAX_BYTES // 2) + "</p>"
    response = post_autosave(browser(editor), autosave_url(article), {"body_ar": [body]})
    assert response.status_code == 413
    assert "Too much text to autosave" in response.json()["error"]
    assert not ArticleAutosave.objects.exists()


def test_text_checks_of_a_save_apply(article, editor):
    client = browser(editor)
    for title, problem in [
        ("عنوان\u202eمقلوب", "bidirectional control characters"),
        ("pаypal", "mixes letters"),
        ("ع" * 301, "at most 300 characters"),
    ]:
        response = post_autosave(client, autosave_url(article), {"title_ar": [title]})
        assert response.status_code == 400
        assert problem in response.json()["error"]
    assert not ArticleAutosave.objects.exists()
    # Rich text goes through the same allowlist as a save.
    body = '<p>نص <script>alert(1)</script><a href="javascript:x" onclick="y">رابط</a></p>'
    assert post_autosave(client, autosave_url(article), {"body_ar": [body]}).status_code == 200
    stored = ArticleAutosave.objects.get().data["body_ar"][0]
    assert "script" not in stored and "javascript" not in stored and "onclick" not in stored
    assert "رابط" in stored
    # Unreadable bodies are refused.
    for bad in ["no json", json.dumps({"data": {}}), json.dumps({"session": "s", "data": [1]})]:
        response = client.post(autosave_url(article), bad, content_type="application/json")
        assert response.status_code == 400


def test_a_partial_autosave_adds_to_the_same_forms_and_is_refused_otherwise(article, editor):
    client = browser(editor)
    data = {**opened(client, change_url(article)), "title_ar": ["عنوان"]}
    response = post_autosave(client, autosave_url(article), {"title_ar": ["x"]}, partial=True)
    assert response.status_code == 409
    post_autosave(client, autosave_url(article), data, session="tab-1")
    response = post_autosave(
        client, autosave_url(article), {"standfirst_ar": ["ملخص"]}, session="tab-2", partial=True
    )
    assert response.status_code == 409
    response = post_autosave(
        client, autosave_url(article), {"standfirst_ar": ["ملخص"]}, session="tab-1", partial=True
    )
    assert response.status_code == 200
    stored = ArticleAutosave.objects.get().data
    assert (stored["title_ar"], stored["standfirst_ar"]) == (["عنوان"], ["ملخص"])


def test_at_most_so_many_per_person_the_oldest_dropped(editor, settings):
    articles = [
        article_build(status=Article.Status.DRAFT) for _ in range(autosave.MAX_PER_PERSON + 2)
    ]
    client = browser(editor)
    for article in articles:
        post_autosave(client, autosave_url(article), {"title_ar": ["عنوان"]})
    kept = set(ArticleAutosave.objects.filter(user=editor).values_list("article", flat=True))
    assert len(kept) == autosave.MAX_PER_PERSON
    assert kept == {article.pk for article in articles[2:]}


def test_stale_autosaves_are_purged_by_the_command_and_on_the_way(article, editor):
    old = ArticleAutosave.objects.create(user=editor, article=article, data={}, session="s")
    ArticleAutosave.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    fresh = ArticleAutosave.objects.create(user=editor, article=None, data={}, session="s")
    call_command("purgeautosaves", verbosity=0)
    assert list(ArticleAutosave.objects.all()) == [fresh]

    ArticleAutosave.objects.filter(pk=fresh.pk).update(
        updated_at=timezone.now() - timedelta(days=40)
    )
    other = article_build(status=Article.Status.DRAFT)
    post_autosave(browser(staff_build(role=EDITOR)), autosave_url(other), {"title_ar": ["ع"]})
    assert list(ArticleAutosave.objects.values_list("article", flat=True)) == [other.pk]


def test_the_endpoint_runs_a_constant_number_of_queries(editor):
    client = browser(editor)
    articles = [article_build(status=Article.Status.DRAFT) for _ in range(12)]

    def queries(article) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = post_autosave(client, autosave_url(article), {"title_ar": ["عنوان"]})
        assert response.status_code == 200
        return len(captured)

    first = queries(articles[0])  # a first autosave
    for article in articles[1:10]:
        post_autosave(client, autosave_url(article), {"title_ar": ["عنوان"]})
    assert queries(articles[10]) == first  # with nine more of theirs
    assert first == 11  # session, user, article, permissions, the autosave, the bounds


def _autosave_fragment(html: str, language: str) -> str:
    """The autosave part of the form (offer, notice, status) as a page of its own: the rest
    of Django's change form has errors of its own (aria-describedby on hidden inputs)."""
    element = lxml.html.fromstring(html).cssselect("[data-autosave]")[0]
    direction = "rtl" if language == "ar" else "ltr"
    return (
        f'<!DOCTYPE html><html lang="{language}" dir="{direction}"><head><title>t</title>'
        f"</head><body><form>{lxml.html.tostring(element, encoding='unicode')}</form></body></html>"
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_restore_offer_is_valid_html(article, editor, tmp_path, language):
    client = browser(editor)
    data = {**opened(client, change_url(article)), "title_ar": ["عنوان لم يحفظ"]}
    post_autosave(client, autosave_url(article), data)
    client = Client(headers={"accept-language": language})
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert 'class="autosave-offer"' in html
    restored = client.get(change_url(article) + "?_autosave=restore").content.decode()
    assert 'class="autosave-restored"' in restored
    pages = {
        "offer": _autosave_fragment(html, language),
        "restored": _autosave_fragment(restored, language),
    }
    assert vnu_errors(pages, tmp_path) == {"offer": [], "restored": []}


def restored_kinds(article) -> set[str]:
    """The kinds of change the article's latest revision records (``RevisionNote``)."""
    revision = Version.objects.get_for_object(article).first().revision
    return {note.kind for note in revision.notes.all()}
