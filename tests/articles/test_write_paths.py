"""Every write of an article goes through ``workflow.article_save``: whatever a person (or
a command) does to an article, each ``Article.save`` call comes from inside it, so every
write is validated, locked, merged, kept as a revision and announced the same way."""

from __future__ import annotations

import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles import workflow
from articles.models import Article
from articles.revisions import article_versions
from newsroom.exchange import export_po, export_xliff
from newsroom.roles import EDITOR, TRANSLATOR
from tests.builders import article_build
from tests.newsroom.test_exchange import edited_po, edited_xliff
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db


class Saves(list):
    """Each ``Article.save`` call: whether it came from inside ``article_save``, and from where."""

    def outside(self) -> list[str]:
        return [where for inside, where in self if not inside]


@pytest.fixture
def saves(monkeypatch) -> Saves:
    """Record the call stack of every ``Article.save`` while the test runs."""
    recorded = Saves()
    save = Article.save
    service = workflow.article_save.__code__

    def recording_save(self, *args, **kwargs):
        frame, inside, where = sys._getframe(1), False, []
        while frame is not None:
            inside = inside or frame.f_code is service
            if "/site-packages/" not in frame.f_code.co_filename:
                where.append(f"{frame.f_code.co_name}:{frame.f_lineno}")
            frame = frame.f_back
        recorded.append((inside, " < ".join(where[:4])))
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Article, "save", recording_save)
    return recorded


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def post_form(client, url: str, **changes):
    data = {**form_data(client.get(url).content.decode()), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_admin_saves_of_every_kind(client, saves):
    editor = staff_build(role=EDITOR)
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    client.force_login(editor)
    post_form(
        client, reverse("admin:articles_article_add"), title_ar="خبر جديد", body_ar="<p>نص.</p>"
    )
    article = Article.objects.get(title_ar="خبر جديد")
    post_form(client, change_url(article), body_ar="<p>نص معدل.</p>")
    client.force_login(translator)
    post_form(client, change_url(article), title_ru="Новость", body_ru="<p>Текст.</p>")
    post_form(client, change_url(article))  # unchanged: confirms, writes no article
    assert len(saves) == 3
    assert saves.outside() == []


def test_workflow_transitions(client, saves):
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT, created_by=editor)
    saves.clear()
    client.force_login(editor)
    for action in ("submit", "publish", "unpublish", "archive"):
        post_form(client, change_url(article), _transition=action)
    workflow.article_send_back(article=article, user=editor, comment="Again, please.")
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert len(saves) == 5
    assert saves.outside() == []


def test_restoring_a_revision(client, saves):
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT, created_by=editor)
    client.force_login(editor)
    post_form(client, change_url(article), title_ar="العنوان الأول")
    post_form(client, change_url(article), title_ar="العنوان الثاني")
    first = next(
        v for v in article_versions(article) if v.field_dict["title_ar"] == "العنوان الأول"
    )
    saves.clear()
    url = reverse("admin:articles_article_revision_restore", args=[article.pk, first.pk])
    assert client.post(url, {"languages": ["ar"]}).status_code == 302
    assert Article.objects.get(pk=article.pk).title_ar == "العنوان الأول"
    assert len(saves) == 1
    assert saves.outside() == []


@pytest.mark.parametrize("file_format", ["po", "xliff"])
def test_translation_imports(client, saves, file_format):
    article = article_build(title_ar="عنوان", body_ar="<p>نص.</p>")
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    client.force_login(translator)
    export, edit = {"po": (export_po, edited_po), "xliff": (export_xliff, edited_xliff)}[
        file_format
    ]
    data = edit(export([article], "ru"), {"title": "Заголовок", "body": "<p>Текст.</p>"})
    saves.clear()
    response = client.post(
        reverse("translations:import"),
        {"file": SimpleUploadedFile("ru.txt", data), "file_format": file_format, "language": "ru"},
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).title_ru == "Заголовок"
    assert len(saves) == 1
    assert saves.outside() == []


def test_loading_the_demo_content(saves):
    call_command("loaddemo", seed_only=True)
    article = Article.objects.get()
    assert article.people.count() == 5 and article.tags.count() == 4
    assert len(saves) == 1
    Article.objects.filter(pk=article.pk).update(title_ru="Изменено", status="draft")
    call_command("loaddemo", seed_only=True)  # brings it back, in one more save
    article.refresh_from_db()
    assert article.title_ru.startswith("Лавров") and article.status == Article.Status.PUBLISHED
    assert len(saves) == 2
    assert saves.outside() == []
