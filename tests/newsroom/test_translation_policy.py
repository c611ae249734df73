"""Translation policies: the generic translation code asks a model's policy for its source
language, who writes which language, and how it waits in the queue."""

from datetime import timedelta

import lxml.html
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.translation import ArticleTranslationPolicy
from newsroom import translation_policy
from newsroom.content import content_save, translation_confirm
from newsroom.events import Change, content_announce
from newsroom.models import TranslationState
from newsroom.roles import EDITOR, TRANSLATOR
from newsroom.translation_policy import TranslationPolicy, policy_for, register_policy
from newsroom.translations import TranslationStatus, translation_allowed, translation_status
from people.models import Person
from tests.builders import article_build, person_build
from tests.staff import staff_build

pytestmark = pytest.mark.django_db

MISSING, OUTDATED, UP_TO_DATE = (
    TranslationStatus.MISSING,
    TranslationStatus.OUTDATED,
    TranslationStatus.UP_TO_DATE,
)


def test_articles_follow_the_workflow_and_other_models_the_defaults():
    assert isinstance(policy_for(Article), ArticleTranslationPolicy)
    assert type(policy_for(Person)) is TranslationPolicy
    assert policy_for(person_build()) is policy_for(Person)


def test_a_model_has_one_policy():
    with pytest.raises(ImproperlyConfigured):
        register_policy(Article)(TranslationPolicy)
    assert isinstance(policy_for(Article), ArticleTranslationPolicy)


class RussianOriginals(TranslationPolicy):
    """People written in Russian, as agency copy will be."""

    def source_language(self, obj):
        return "ru"


@pytest.fixture
def russian_people(monkeypatch):
    monkeypatch.setitem(translation_policy._policies, Person, RussianOriginals())


def stored_languages(obj) -> dict[str, str]:
    content_type = ContentType.objects.get_for_model(type(obj))
    states = TranslationState.objects.filter(content_type=content_type, object_id=obj.pk)
    return dict(states.values_list("language", "status"))


def test_the_status_translates_from_the_source_language_the_policy_names(russian_people):
    # No Arabic name yet, which the forms require (as long as Arabic is every source).
    person = Person.objects.create(slug="lavrov", name_ru="Сергей Лавров", role_ru="министр")
    content_announce(objects=[person], kind=Change.CREATED)
    assert translation_status(person, "ar") == MISSING
    assert stored_languages(person) == {"ar": MISSING, "en": MISSING}  # not Russian

    person.name_ar, person.role_ar = "سيرغي لافروف", "وزير"
    content_save(obj=person, changed={"name_ar", "role_ar"})
    translation_confirm(obj=person, language="ru")  # the source: nothing to record
    assert translation_status(person, "ar") == UP_TO_DATE
    assert stored_languages(person) == {"ar": UP_TO_DATE, "en": MISSING}

    person.role_ru = "министр иностранных дел"
    content_save(obj=person, changed={"role_ru"})
    assert translation_status(person, "ar") == OUTDATED
    assert stored_languages(person)["ar"] == OUTDATED


def test_who_writes_an_articles_languages_is_the_workflows_to_say():
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = article_build()
    archived = article_build(status=Article.Status.ARCHIVED)
    person = person_build()
    assert translation_allowed(user=translator, obj=article, field="body", language="ru")
    assert not translation_allowed(user=translator, obj=article, field="body", language="en")
    assert not translation_allowed(user=translator, obj=archived, field="body", language="ru")
    assert translation_allowed(user=translator, obj=person, field="bio", language="ru")
    assert not translation_allowed(user=translator, obj=person, field="slug", language="ru")


def test_the_queue_shows_the_columns_of_each_models_policy(client):
    editor = staff_build(role=EDITOR)
    scheduled = article_build(published_at=timezone.now() + timedelta(days=1))
    draft = article_build(status=Article.Status.DRAFT)
    person = person_build(name_ar="لافروف")
    client.force_login(editor)
    response = client.get(reverse("translations:queue"), headers={"accept-language": "en"})
    page = lxml.html.fromstring(response.content.decode())

    def cells(part: str, obj) -> list[str]:
        row = page.cssselect(f"[data-queue={part}] [data-queue-row='{obj.pk}']")[0]
        return [cell.text_content().strip() for cell in row.cssselect("td")]

    def headings(part: str) -> list[str]:
        return [th.text_content() for th in page.cssselect(f"[data-queue={part}] th")]

    assert headings("article") == ["Name", "Status", "Publication date", "Translations"]
    assert cells("article", scheduled)[1] == "Scheduled"
    assert cells("article", draft)[1:3] == ["Draft", "—"]
    assert headings("person") == ["Name", "Translations"]
    assert len(cells("person", person)) == 2
