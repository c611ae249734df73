"""The article form's desk through the admin's real views: the tab it opens on, the workflow
buttons on the add form (one step, nothing saved when refused), messages in words, valid HTML."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.admin_form import transition_message
from articles.models import Article, ArticleTransition
from newsroom.roles import EDITOR, REPORTER, TRANSLATOR
from tests.builders import article_build
from tests.html_tools import vnu_errors
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
TITLE = "وزير الخارجية يلتقي الأمين العام"


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def desk_language(html: str) -> str:
    """The language tab the form opens on (what the page's script activates)."""
    return html.split('id="article-desk"', 1)[1].split('data-language="', 1)[1].split('"', 1)[0]


def new_article_post(client, **fields) -> dict:
    """The add form as the browser posts it, with an Arabic title and body typed in."""
    data = form_data(client.get(ADD).content.decode())
    data.update({"title_ar": [TITLE], "body_ar": ["<p>بحث الجانبان الوضع في المنطقة.</p>"]})
    data.update({name: [value] for name, value in fields.items()})
    return data


@pytest.mark.parametrize(
    ("role", "expected"),
    [(REPORTER, ["submit"]), (EDITOR, ["submit", "publish", "schedule"]), (TRANSLATOR, [])],
)
def test_the_add_form_offers_the_transitions_of_the_role(client, role, expected):
    client.force_login(staff_build(role=role, languages=("ru",) if role == TRANSLATOR else ()))
    response = client.get(ADD)
    if role == TRANSLATOR:
        assert response.status_code == 403  # translators add no articles
        return
    html = response.content.decode()
    shown = [
        a for a in ("submit", "publish", "schedule", "archive") if f'data-transition="{a}"' in html
    ]
    assert shown == expected
    assert 'class="state-badge state-new"' in html


def test_an_editor_saves_and_publishes_a_new_article_in_one_step(client):
    editor = staff_build(role=EDITOR)
    client.force_login(editor)
    data = new_article_post(client, _transition="publish", _tab="ar")
    response = client.post(ADD, data, headers={"accept-language": "en"})
    article = Article.objects.get(title_ar=TITLE)
    assert response.status_code == 302
    assert response["Location"] == change_url(article) + "?_tab=ar"
    assert article.status == Article.Status.PUBLISHED
    assert article.created_by == editor
    step = ArticleTransition.objects.get(article=article)
    assert (step.action, step.from_status, step.user) == ("publish", "draft", editor)
    page = client.get(response["Location"], headers={"accept-language": "en"})
    assert "Published. Live in Arabic; Russian and English have no text yet." in (
        page.content.decode()
    )
    assert Article.objects.public("ar").filter(pk=article.pk).exists()


def test_a_refused_transition_on_the_add_form_saves_nothing_and_keeps_the_typing(client):
    client.force_login(staff_build(role=EDITOR))
    # Scheduling needs a publication date in the future: none given.
    data = new_article_post(client, _transition="schedule")
    response = client.post(ADD, data, headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Set a publication date in the future to schedule the article." in html
    assert TITLE in html  # what was typed is still in the form
    assert not Article.objects.exists()
    assert not ArticleTransition.objects.exists()


def test_a_reporter_files_a_new_article_for_review_in_one_step(client):
    reporter = staff_build(role=REPORTER)
    client.force_login(reporter)
    response = client.post(ADD, new_article_post(client, _transition="submit"))
    assert response.status_code == 302
    article = Article.objects.get(title_ar=TITLE)
    assert article.status == Article.Status.IN_REVIEW
    assert article.created_by == reporter


def test_a_reporter_cannot_publish_from_the_add_form(client):
    client.force_login(staff_build(role=REPORTER))
    response = client.post(ADD, new_article_post(client, _transition="publish"))
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_a_refused_transition_on_the_change_form_saves_nothing(client):
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT, published_at=None, created_by=editor)
    client.force_login(editor)
    data = form_data(client.get(change_url(article)).content.decode())
    data.update({"title_ar": ["عنوان جديد"], "_transition": ["schedule"]})
    response = client.post(change_url(article), data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Set a publication date in the future" in response.content.decode()
    assert "عنوان جديد" in response.content.decode()
    article.refresh_from_db()
    assert (article.title_ar, article.status) == ("عنوان تجريبي", Article.Status.DRAFT)


@pytest.mark.parametrize(
    ("language", "published", "scheduled"),
    [
        (
            "en",
            "Published. Live in Arabic and Russian; English has no text yet.",
            "It goes live in Arabic and Russian; English has no text yet.",
        ),
        (
            "ar",
            "نُشر. على الموقع بـ: العربية والروسية؛ لا نص بعد بـ: الإنجليزية.",
            "سيظهر على الموقع بـ: العربية والروسية؛ لا نص بعد بـ: الإنجليزية.",
        ),
        (
            "ru",
            "Опубликовано. На сайте на языках: Арабский и Русский; Английский: текста пока нет.",
            "Появится на сайте на языках: Арабский и Русский; Английский: текста пока нет.",
        ),
    ],
)
def test_messages_say_what_happened_in_the_admin_language(language, published, scheduled):
    article = article_build(
        title_ru="Лавров встретился с Гутеррешем",
        body_ru="<p>Стороны обсудили положение.</p>",
        slug_ru="lavrov",
        published_at=timezone.now() + timedelta(days=1),
    )
    with translation.override(language):
        assert transition_message("publish", article) == published
        assert transition_message("schedule", article).endswith(scheduled)
    with translation.override("en"):
        everything = article_build(
            title_ru="Путин", body_ru="<p>Текст.</p>", slug_ru="putin",
            title_en="Putin", body_en="<p>Text.</p>", slug_en="putin",
        )  # fmt: skip
        assert transition_message("publish", everything) == (
            "Published. Live in Arabic, Russian and English."
        )


def test_the_form_opens_on_the_articles_language_or_the_translators(client):
    article = article_build(title_ru="Лавров", body_ru="<p>Текст.</p>", slug_ru="lavrov")
    client.force_login(staff_build(role=EDITOR))
    # An English browser still opens the Arabic article on its Arabic tab.
    html = client.get(change_url(article), headers={"accept-language": "en"}).content.decode()
    assert desk_language(html) == "ar"
    assert desk_language(client.get(ADD).content.decode()) == "ar"
    # After «Save and continue» on the English tab, the form comes back to it.
    html = client.get(change_url(article) + "?_tab=en").content.decode()
    assert desk_language(html) == "en"
    assert desk_language(client.get(change_url(article) + "?_tab=xx").content.decode()) == "ar"

    client.force_login(staff_build(role=TRANSLATOR, languages=("en", "ru")))
    assert desk_language(client.get(change_url(article)).content.decode()) == "ru"


def test_save_and_continue_keeps_the_tab_in_use(client):
    editor = staff_build(role=EDITOR)
    article = article_build(created_by=editor)
    client.force_login(editor)
    data = form_data(client.get(change_url(article)).content.decode())
    data.update({"title_en": ["Lavrov meets Guterres"], "_tab": ["en"], "_continue": ["1"]})
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?_tab=en")


def test_the_article_forms_are_valid_html(client, tmp_path):
    editor = staff_build(role=EDITOR)
    article = article_build(
        title_ru="Лавров", body_ru="<p>Текст.</p>", slug_ru="lavrov", created_by=editor
    )
    client.force_login(editor)
    pages = {}
    for language in ("ar", "en"):
        headers = {"accept-language": language}
        pages[f"{language}-change"] = client.get(change_url(article), headers=headers)
        pages[f"{language}-add"] = client.get(ADD, headers=headers)
        pages[f"{language}-list"] = client.get(reverse("admin:articles_article_changelist"))
    errors = vnu_errors({k: r.content.decode() for k, r in pages.items()}, tmp_path)
    assert {name: found for name, found in errors.items() if found} == {}
