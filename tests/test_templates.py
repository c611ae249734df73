"""Templates: what they print is the page, never a piece of their own source."""

import re
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from tests.pages import text_of

TEMPLATES = Path(settings.BASE_DIR) / "templates"
#: A ``{#`` with no ``#}`` after it on the same line: Django prints such a comment as text.
OPEN_COMMENT = re.compile(r"\{#(?!.*#\})")


@pytest.mark.parametrize("template", ["400.html", "500.html", "503.html"])
@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_error_pages_show_no_template_comment(template, language):
    with translation.override(language):
        page = lxml.html.fromstring(render_to_string(template, {}))
    text = text_of(page)
    assert "{#" not in text
    assert "#}" not in text
    assert "static files" not in text


def test_no_template_has_a_multi_line_short_comment():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if OPEN_COMMENT.search(line)
    ]
    assert found == [], "use {% comment %} for comments over several lines"
