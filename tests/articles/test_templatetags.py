from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from articles.templatetags.articles import isolate_latin
from newsroom.dates import date_display as newsdate


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "٠٤ ديسمبر ٢٠٢٠"), ("ru", "4 декабря 2020"), ("en", "4 December 2020")],
)
def test_newsdate(language, expected):
    with translation.override(language):
        assert newsdate(datetime(2020, 12, 4, 12, tzinfo=UTC)) == expected


def test_isolate_latin_only_on_right_to_left_pages():
    with translation.override("ar"):
        assert isolate_latin("قال Lavrov في 2020") == "قال <bdi>Lavrov</bdi> في <bdi>2020</bdi>"
    with translation.override("en"):
        assert isolate_latin("Lavrov said") == "Lavrov said"


def test_isolate_latin_escapes_text_and_leaves_tags_and_entities_alone():
    with translation.override("ar"):
        assert isolate_latin("<b>&") == "&lt;<bdi>b</bdi>&gt;&amp;"
        html = Template("{% load articles %}{{ body|safe|isolate_latin }}").render(
            Context({"body": '<a href="https://un.org/">UN News</a> &amp; نص'})
        )
    assert html == '<a href="https://un.org/"><bdi>UN News</bdi></a> &amp; نص'
