"""The stored translation status (``TranslationState``) always equals the computed one
(``translation_status``), whatever wrote the content, and can be checked and rebuilt."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.images import photo_delete
from articles.models import Article, Photo, PhotoCredit, Section, Source, Tag
from articles.workflow import (
    article_archive,
    article_publish,
    article_save,
    article_schedule,
    article_send_back,
    article_submit,
)
from devdata.corpus import corpus_generate
from newsroom.content import content_delete, translation_confirm
from newsroom.exchange import export_po, translations_import
from newsroom.models import TranslationState
from newsroom.roles import EDITOR, TRANSLATOR
from newsroom.translation_states import translation_states_rebuild, translation_states_stale
from newsroom.translations import TranslationStatus, translation_status
from people.models import Organisation, Person
from tests.builders import article_build, article_full_build, photo_build
from tests.newsroom.test_exchange import edited_po
from tests.newsroom.test_translation_desk import post_change
from tests.staff import staff_build

pytestmark = pytest.mark.django_db

S = Article.Status
EIGHT_MODELS = {Article, Section, Source, PhotoCredit, Photo, Tag, Person, Organisation}


def assert_in_step():
    """Every stored state is the computed one, and every object of every model has one."""
    assert translation_states_stale() == []
    for model in EIGHT_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        stored = TranslationState.objects.filter(content_type=content_type).count()
        assert stored == 2 * model.objects.count(), model


def stored(obj, language: str) -> TranslationState:
    content_type = ContentType.objects.get_for_model(type(obj))
    return TranslationState.objects.get(
        content_type=content_type, object_id=obj.pk, language=language
    )


@pytest.fixture
def editor():
    return staff_build(role=EDITOR)


@pytest.fixture
def translator():
    return staff_build(role=TRANSLATOR, languages=("ru",))


@pytest.fixture
def varied(editor):
    """Articles in every state and in zero to three languages, and all eight kinds of objects."""
    now = timezone.now()
    full = article_full_build(created_by=editor, standfirst_ru="Кратко", standfirst_en="Brief")
    translation_confirm(obj=full, language="en")
    objects = {
        "full": full,
        "draft": article_build(status=S.DRAFT, created_by=editor),
        "review": article_build(status=S.IN_REVIEW, title_ru="Т", body_ru="<p>т</p>"),
        "scheduled": article_build(published_at=now + timedelta(days=1), created_by=editor),
        "unpublished": article_build(status=S.UNPUBLISHED, published_at=now),
        "archived": article_build(status=S.ARCHIVED, title_en="T", body_en="<p>t</p>"),
        "untranslatable": photo_build(),  # nothing to translate: up to date
    }
    assert {type(obj) for obj in objects.values()} | {
        type(full.lead_photo),
        type(full.lead_photo.credit),
        type(full.section),
        type(full.source),
        type(full.tags.get()),
        type(full.people.get()),
        type(full.organisations.get()),
    } == EIGHT_MODELS
    assert_in_step()
    return objects


def test_every_kind_of_change_keeps_the_stored_status_in_step(client, editor, translator, varied):
    full, draft = varied["full"], varied["draft"]
    assert stored(full, "en").status == TranslationStatus.UP_TO_DATE
    assert stored(full, "ru").status == TranslationStatus.OUTDATED  # never recorded

    # A translation record.
    translation_confirm(obj=full, language="ru")
    assert stored(full, "ru").status == TranslationStatus.UP_TO_DATE
    assert_in_step()

    # The Arabic source changes: the site's save and admin saves.
    full.body_ar = "<p>نص جديد.</p>"
    article_save(article=full, user=None, changed={"body_ar"})
    assert stored(full, "ru").status == TranslationStatus.OUTDATED
    assert_in_step()
    client.force_login(editor)
    post_change(client, full.people.get(), name_ar="اسم آخر")
    post_change(client, full.tags.get(), name_ru="другой тег")
    assert_in_step()

    # A translator's admin save of an article.
    client.force_login(translator)
    post_change(client, draft, title_ru="Заголовок", body_ru="<p>Текст.</p>")
    assert stored(draft, "ru").status == TranslationStatus.UP_TO_DATE
    assert_in_step()

    # Workflow transitions change the queue's priority and date.
    article_submit(article=draft, user=editor)
    assert stored(draft, "ru").priority == TranslationState.Priority.IN_REVIEW
    article_schedule(article=draft, user=editor, at=timezone.now() + timedelta(hours=5))
    assert stored(draft, "en").priority == TranslationState.Priority.FIRST
    article_send_back(article=varied["review"], user=editor, comment="again")
    article_publish(article=varied["unpublished"], user=editor)
    article_archive(article=full, user=editor)
    assert stored(full, "ru").priority is None  # never in the queue
    assert_in_step()

    # An import of a translation file.
    review = varied["review"]
    exported = export_po([review], "en")
    translations_import(
        data=edited_po(exported, {"title": "Title", "body": "<p>Text.</p>"}),
        file_format="po",
        language="en",
    )
    review.refresh_from_db()
    assert stored(review, "en").status == translation_status(review, "en")
    assert_in_step()

    # Deletes.
    content_delete(objects=[varied["scheduled"]])
    content_delete(objects=[full.people.get()])
    photo_delete(photos=[full.lead_photo])
    assert_in_step()


def test_demo_content_and_the_corpus_are_stored_in_step(db):
    call_command("loaddemo")
    call_command("loaddemo")  # idempotent
    corpus_generate(articles=25, seed=3)
    assert_in_step()
    assert TranslationState.objects.filter(status=TranslationStatus.MISSING).exists()


def test_the_command_finds_stale_states_and_rebuilds_them(varied, capsys):
    call_command("translationstates")
    TranslationState.objects.filter(object_id=varied["draft"].pk).update(status="up_to_date")
    TranslationState.objects.filter(object_id=varied["review"].pk, language="en").delete()
    with pytest.raises(CommandError, match="stale translation states"):
        call_command("translationstates")
    call_command("translationstates", "--rebuild")
    assert "translation states stored" in capsys.readouterr().out
    assert_in_step()


def test_a_rebuild_forgets_states_of_objects_that_are_gone(varied):
    Article.objects.filter(pk=varied["draft"].pk).delete()  # past the services: not announced
    Person.objects.filter(pk=varied["untranslatable"].pk)._raw_delete(Person.objects.db)
    assert translation_states_stale() != []
    translation_states_rebuild()
    assert_in_step()
