"""Builders for newsroom staff and helpers to post the admin's article form as a browser does."""

from __future__ import annotations

from itertools import count

import lxml.html
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from newsroom.models import TranslatorLanguage

_ids = count(1)
PASSWORD = "a-long-test-password"


def staff_build(*, role: str | None = None, languages: tuple[str, ...] = (), **fields):
    """A staff user in the named role group (Reporter, Editor, Translator)."""
    n = next(_ids)
    user = get_user_model().objects.create_user(
        username=fields.pop("username", f"{(role or 'staff').lower()}{n}"),
        password=PASSWORD,
        email=fields.pop("email", f"staff{n}@example.org"),
        is_staff=True,
        **fields,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    for code in languages:
        TranslatorLanguage.objects.create(user=user, language=code)
    return user


def form_data(html: str, form_id: str = "article_form", *, with_disabled: bool = False) -> dict:
    """What a browser would post from the form (``with_disabled``: a forged post adds more)."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    data: dict[str, list[str]] = {}
    for element in form.iter("input", "textarea", "select"):
        name = element.get("name")
        if not name or (element.get("disabled") is not None and not with_disabled):
            continue
        kind = (element.get("type") or "").lower()
        if kind in ("submit", "button", "file", "image"):
            continue
        if kind in ("checkbox", "radio") and element.get("checked") is None:
            continue
        if element.tag == "select":
            values = [
                o.get("value", o.text or "")
                for o in element.iter("option")
                if o.get("selected") is not None
            ]
        elif element.tag == "textarea":
            # As a browser reads it: a newline right after <textarea> is not part of the value.
            text = element.text or ""
            values = [text[1:] if text.startswith("\n") else text]
        else:
            values = [element.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data
