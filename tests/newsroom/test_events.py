"""Every write announces what it changed, once (``newsroom.events``), and what is derived
from the content follows that announcement: the stored translation status is written
once per save, by one writer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.workflow import article_publish
from devdata.corpus import corpus_generate
from newsroom.events import Change, content_changed
from newsroom.exchange import export_po, translations_import
from newsroom.models import TranslationState
from newsroom.roles import EDITOR, TRANSLATOR
from newsroom.translations import TranslationStatus
from people.models import Person
from tests.builders import article_build, person_build
from tests.newsroom.test_exchange import edited_po
from tests.newsroom.test_translation_desk import change_url, post_change
from tests.staff import staff_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The events announced while the test runs."""
    events = []

    def record(sender, event, **kwargs):
        events.append(event)

    content_changed.connect(record, dispatch_uid="tests.announced")
    yield events
    content_changed.disconnect(dispatch_uid="tests.announced")


def state_writes(queries) -> int:
    table = TranslationState._meta.db_table
    return sum(
        1
        for query in queries
        if query["sql"].startswith(("INSERT", "UPDATE")) and f'"{table}"' in query["sql"]
    )


def test_a_translators_save_is_announced_once_and_stores_the_status_once(client, announced):
    article = article_build(title_ar="عنوان", body_ar="<p>نص.</p>")
    client.force_login(staff_build(role=TRANSLATOR, languages=("ru",)))
    announced.clear()
    with CaptureQueriesContext(connection) as queries:
        post_change(client, article, title_ru="Заголовок", body_ru="<p>Текст.</p>")
    assert [(e.model, e.kind, e.languages) for e in announced] == [
        (Article, Change.UPDATED, {"ru"})
    ]
    assert state_writes(queries) == 1
    state = TranslationState.objects.get(object_id=article.pk, language="ru")
    assert state.status == TranslationStatus.UP_TO_DATE


def test_a_person_saved_in_the_admin_is_announced_once_and_stores_the_status_once(
    client, announced
):
    person = person_build(name_ar="لافروف")
    client.force_login(staff_build(role=TRANSLATOR, languages=("ru",)))
    announced.clear()
    with CaptureQueriesContext(connection) as queries:
        post_change(client, person, name_ru="Лавров")
    assert [(e.model, e.kind, e.languages) for e in announced] == [(Person, Change.UPDATED, {"ru"})]
    assert state_writes(queries) == 1


def test_a_transition_is_announced_as_what_readers_see(announced):
    article = article_build(status=Article.Status.DRAFT)
    announced.clear()
    article_publish(article=article, user=staff_build(role=EDITOR))
    (event,) = announced
    assert (event.kind, event.objects, event.languages) == (
        Change.PUBLISHED,
        (article,),
        {"ar", "ru", "en"},
    )


def test_an_import_is_announced_per_object_in_its_language(announced):
    article = article_build(title_ar="عنوان", body_ar="<p>نص.</p>")
    data = edited_po(export_po([article], "en"), {"title": "Title", "body": "<p>Text.</p>"})
    announced.clear()
    translations_import(data=data, file_format="po", language="en")
    assert [(e.model, e.pks, e.languages) for e in announced] == [(Article, {article.pk}, {"en"})]


def test_an_admin_delete_is_announced_and_forgets_the_stored_status(admin_client, announced):
    person = person_build()
    assert TranslationState.objects.filter(object_id=person.pk).count() == 2
    announced.clear()
    url = change_url(person).replace("/change/", "/delete/")
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert [(e.model, e.kind, e.pks) for e in announced] == [(Person, Change.DELETED, {person.pk})]
    assert not TranslationState.objects.filter(object_id=person.pk).exists()


def test_the_corpus_announces_each_batch_once(announced):
    corpus_generate(articles=5, batch_size=2, seed=1)
    batches = [e for e in announced if e.model is Article]
    assert [len(e.pks) for e in batches] == [2, 2, 1]
    assert all(e.bulk and e.kind == Change.CREATED for e in batches)
