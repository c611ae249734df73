"""The Nu Html Checker finds no error in the article page with bylines, notes and related
stories, the author page and the corrections page, in Arabic, Russian and English."""

import pytest

from tests.article_extras_pages import extras_paths
from tests.html_tools import VNU_JAR, require, vnu_errors

pytestmark = pytest.mark.django_db


def test_article_author_and_corrections_pages_have_no_html_errors(client, tmp_path):
    require(VNU_JAR, "The Nu Html Checker")
    pages = {}
    for name, path in extras_paths().items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    assert "byline" in pages["ar-article"] and "article-notes" in pages["en-article"]
    errors = vnu_errors(pages, tmp_path)
    assert {name: found for name, found in errors.items() if found} == {}
