"""The JSON form field that turns malformed JSON into a form error."""

import pytest
from django import forms
from django.forms.fields import InvalidJSONInput
from django.utils import translation

from newsroom.forms import JSONField


class Form(forms.Form):
    seen = JSONField(required=False)


@pytest.mark.parametrize(
    "posted",
    ['{"title": "\\ud800"}', '["\\udfff"]', '{"\\ud800": 1}', "[" * 100_000, "{" * 100_000],
    ids=["surrogate-value", "low-surrogate", "surrogate-key", "deep-array", "deep-object"],
)
def test_malformed_json_is_a_form_error_shown_again_as_posted(posted):
    form = Form({"seen": posted})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["seen"] == ["Enter a valid JSON."]
    assert isinstance(form["seen"].value(), InvalidJSONInput)
    html = str(form["seen"])
    html.encode()  # the page can be written out (no lone surrogate in it)


def test_valid_json_still_passes():
    form = Form({"seen": '{"title": "عنوان \\u00e9", "n": [1, 2]}'})
    assert form.is_valid()
    assert form.cleaned_data["seen"] == {"title": "عنوان é", "n": [1, 2]}
