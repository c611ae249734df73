"""Revisions people can read: who, when, what kind of change and which languages, stored as
data and put into words in the reader's admin language."""

import lxml.html
import pytest
import reversion
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, RevisionNote
from articles.revision_notes import revision_note_add
from articles.revisions import article_restore, article_versions
from newsroom.admin_language import admin_language_set
from newsroom.roles import EDITOR, TRANSLATOR
from tests.builders import article_build
from tests.staff import staff_build

pytestmark = pytest.mark.django_db

Kind = RevisionNote.Kind
Status = Article.Status


def notes(article) -> list[dict]:
    """Each revision's notes, newest first, as stored."""
    return [
        [
            {"kind": n.kind, "languages": n.languages, "common": n.common}
            | ({"from": n.from_status, "to": n.to_status} if n.to_status else {})
            for n in version.revision.notes.all()
        ]
        for version in article_versions(article)
    ]


def edit(article, user, **values):
    for name, value in values.items():
        setattr(article, name, value)
    return workflow.article_save(article=article, user=user, changed=values)


@pytest.fixture
def editor():
    return staff_build(role=EDITOR)


def test_each_kind_of_change_is_recorded_with_its_languages(editor):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = article_build(status=Status.DRAFT, created_by=editor)
    edit(article, editor, title_ar="عنوان جديد")
    edit(article, translator, title_ru="Новый заголовок", body_ru="<p>Текст.</p>")
    workflow.article_submit(article=article, user=editor)
    workflow.article_publish(article=article, user=editor)
    edit(article, editor, published_at=timezone.now(), standfirst_en="Lead.")
    assert notes(article) == [
        [{"kind": Kind.SAVED, "languages": ["en"], "common": True}],
        [
            {"kind": Kind.PUBLISHED, "languages": ["ar", "ru"], "common": False}
            | {"from": Status.IN_REVIEW, "to": Status.PUBLISHED}
        ],
        [
            {"kind": Kind.SUBMITTED, "languages": ["ar", "ru"], "common": False}
            | {"from": Status.DRAFT, "to": Status.IN_REVIEW}
        ],
        [{"kind": Kind.TRANSLATED, "languages": ["ru"], "common": False}],
        [{"kind": Kind.SAVED, "languages": ["ar"], "common": False}],
        [{"kind": Kind.CREATED, "languages": ["ar"], "common": True}],
    ]


def test_a_restore_says_which_version_and_which_languages(editor):
    article = article_build(status=Status.DRAFT, title_ru="Раз", body_ru="<p>1</p>", slug_ru="r")
    first = article_versions(article).first()
    edit(article, editor, title_ru="Два", title_ar="عنوان آخر")
    article_restore(article=article, user=editor, version=first, languages=["ru"])
    note = article_versions(article).first().revision.notes.get()
    assert (note.kind, note.languages) == (Kind.RESTORED, ["ru"])
    assert note.details == {"restored_from": first.revision.date_created.isoformat()}


def test_another_helper_records_its_own_kind(editor):
    """The API the wire import and the autosave restore use."""
    article = article_build(status=Status.DRAFT)
    article.title_en = "From the wire"
    workflow.article_save(
        article=article,
        user=None,
        changed={"title_en"},
        kind=Kind.IMPORTED,
        details={"agency": "TASS"},
    )
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_user(editor)
        revision_note_add(kind=Kind.AUTOSAVE_RESTORED, languages=["ar", "ar"])
    assert notes(article)[:2] == [
        [{"kind": Kind.AUTOSAVE_RESTORED, "languages": ["ar"], "common": False}],
        [{"kind": Kind.IMPORTED, "languages": ["en"], "common": False}],
    ]
    assert article_versions(article)[1].revision.notes.get().details == {"agency": "TASS"}
    with pytest.raises(ValueError, match="Unknown kind"), reversion.create_revision():
        revision_note_add(kind="edited somehow")


def revision_rows(client, article, language: str) -> list[tuple[str, str, str]]:
    """The revisions page's rows as a reader sees them: who, change, languages."""
    response = client.get(
        reverse("admin:articles_article_revisions", args=[article.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    return [
        (
            " ".join(row.cssselect("td")[3].text_content().split()),
            " ".join(row.cssselect(".revision-change")[0].text_content().split()),
            " ".join(row.cssselect(".revision-languages")[0].text_content().split()),
        )
        for row in page.cssselect("form.module tbody tr")
    ]


def test_the_revisions_page_says_each_change_in_the_readers_language(client, editor):
    editor.first_name, editor.last_name = "Мария", "Иванова"
    editor.save()
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = article_build(status=Status.DRAFT, created_by=editor)
    edit(article, translator, title_ru="Заголовок", body_ru="<p>Текст.</p>", slug_ru="z")
    workflow.article_submit(article=article, user=editor)
    client.force_login(editor)

    assert revision_rows(client, article, "en") == [
        ("Мария Иванова", "Submitted for review: Draft → In review; Arabic, Russian", "AR RU"),
        (translator.username, "Translated into Russian", "RU"),
        ("—", "Created: Arabic; fields shared by every language", "AR"),
    ]
    admin_language_set(user=editor, language="ru")
    rows = revision_rows(client, article, "en")
    assert rows[0][1] == "Отправлено на проверку: Черновик → На проверке; Арабский, Русский"
    assert rows[1][1] == "Переведено на: Русский"
    text = " ".join(" ".join(row) for row in rows)
    for raw in ("in_review", "draft", "submitted", "translated"):
        assert raw not in text  # never a stored value


def test_revisions_kept_before_notes_show_their_comment(client, editor):
    article = article_build(status=Status.DRAFT)
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_comment("Черновик → На проверке")
    client.force_login(editor)
    rows = revision_rows(client, article, "en")
    assert rows[0][1:] == ("Черновик → На проверке", "")
