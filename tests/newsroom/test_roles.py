"""Roles and translators' languages: one reading of a person's assigned languages."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.workflow import article_editable_fields
from newsroom.roles import EDITOR, TRANSLATOR, translates_only, translator_languages
from newsroom.translations import translation_allowed, user_translation_languages
from tests.builders import article_build
from tests.staff import staff_build

pytestmark = pytest.mark.django_db


def test_assigned_languages_come_in_the_sites_order():
    translator = staff_build(role=TRANSLATOR, languages=("en", "ru"))
    assert translator_languages(translator) == ["ru", "en"]
    assert translator_languages(AnonymousUser()) == []


def test_the_workflow_and_the_translation_desk_read_the_assignments_once():
    """Both ask which languages a translator has; one query answers them both."""
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = article_build(title_ar="عنوان", body_ar="<p>نص</p>")
    translator = get_user_model().objects.get(pk=translator.pk)  # nothing cached yet
    with CaptureQueriesContext(connection) as queries:
        fields = article_editable_fields(user=translator, article=article)
        languages = user_translation_languages(translator)
        allowed = translation_allowed(user=translator, obj=article, field="title", language="ru")
    assert "title_ru" in fields and "title_en" not in fields
    assert languages == ["ru"] and allowed
    reads = [q for q in queries.captured_queries if "newsroom_translatorlanguage" in q["sql"]]
    assert len(reads) == 1


def test_only_a_translator_translates_only():
    assert translates_only(staff_build(role=TRANSLATOR, languages=("ru",)))
    assert not translates_only(staff_build(role=EDITOR))
    assert not translates_only(AnonymousUser())
