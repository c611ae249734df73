"""Each staff member's admin language: chosen in the header or in My settings, stored on the
server, applied on every device, and never mixed up with the public site's language."""

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.translation import get_language_info

from newsroom.admin_language import admin_language_set
from newsroom.models import StaffProfile
from newsroom.roles import EDITOR
from tests.builders import article_build
from tests.staff import PASSWORD, staff_build

pytestmark = pytest.mark.django_db


def html_of(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def page_language(response) -> tuple[str, str]:
    root = html_of(response)
    return root.get("lang"), root.get("dir")


def logged_in(user, accept_language: str = "en") -> Client:
    """A browser of its own (another device), logged in with the password form."""
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language)
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def editor():
    return staff_build(role=EDITOR)


def test_without_a_choice_the_browser_decides(editor):
    assert page_language(logged_in(editor, "ru").get("/admin/")) == ("ru", "ltr")
    assert page_language(logged_in(editor, "ar").get("/admin/")) == ("ar", "rtl")
    assert page_language(logged_in(editor, "en").get("/admin/")) == ("en", "ltr")


def test_the_header_switch_stores_the_choice_and_returns_to_the_same_page(editor):
    client = logged_in(editor, "en")
    page = html_of(client.get("/admin/articles/article/"))
    switch = page.cssselect("form.admin-language-switch")[0]
    assert switch.get("method") == "post"
    assert switch.cssselect("input[name=csrfmiddlewaretoken]")
    assert switch.cssselect("input[name=next]")[0].get("value") == "/admin/articles/article/"
    names = [button.text_content() for button in switch.cssselect("button[name=language]")]
    # Each language in its own name, whatever the admin's language.
    assert names == [get_language_info(code)["name_local"] for code in ("ar", "ru", "en")]
    assert names[1:] == ["Русский", "English"]
    pressed = switch.cssselect("button[aria-pressed=true]")
    assert [b.get("value") for b in pressed] == ["en"]

    response = client.post(
        "/admin/language/", {"language": "ar", "next": "/admin/articles/article/?q=x"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/article/?q=x"
    assert StaffProfile.objects.get(user=editor).admin_language == "ar"
    assert page_language(client.get("/admin/articles/article/")) == ("ar", "rtl")


def test_the_choice_holds_on_another_device_and_in_a_session_opened_before(editor):
    laptop = logged_in(editor, "en")
    phone = logged_in(editor, "en")
    laptop.post("/admin/language/", {"language": "ru", "next": "/admin/"})
    assert page_language(phone.get("/admin/")) == ("ru", "ltr")  # already open
    assert page_language(logged_in(editor, "ar").get("/admin/")) == ("ru", "ltr")  # new device
    laptop.post("/admin/language/", {"language": "", "next": "/admin/"})  # the browser again
    assert page_language(phone.get("/admin/")) == ("en", "ltr")


def test_the_switch_needs_a_post_with_its_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get("/admin/language/?language=ru").status_code == 405
    assert client.post("/admin/language/", {"language": "ru"}).status_code == 403
    assert not StaffProfile.objects.filter(user=editor).exists()
    anonymous = Client()
    response = anonymous.post("/admin/language/", {"language": "ru"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_language_is_refused_and_a_foreign_next_ignored(editor):
    client = logged_in(editor, "en")
    response = client.post("/admin/language/", {"language": "fr", "next": "/admin/"}, follow=True)
    assert "“fr” is not a language of the admin." in response.content.decode()
    assert not StaffProfile.objects.filter(user=editor).exists()
    response = client.post("/admin/language/", {"language": "ru", "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_my_settings_page(editor):
    client = logged_in(editor, "en")
    index = html_of(client.get("/admin/"))
    link = index.cssselect("#user-tools a[href='/admin/settings/']")
    assert [a.text_content() for a in link] == ["My settings"]
    page = html_of(client.get("/admin/settings/"))
    checked = page.cssselect("input[name=admin_language][checked]")
    assert [radio.get("value") for radio in checked] == [""]  # the browser's language
    response = client.post("/admin/settings/", {"admin_language": "ar"}, follow=True)
    assert page_language(response) == ("ar", "rtl")
    assert "حُفظت إعداداتك." in response.content.decode()  # said in the new language
    assert html_of(client.get("/admin/settings/")).cssselect(
        "input[name=admin_language][value=ar][checked]"
    )
    response = client.post("/admin/settings/", {"admin_language": "xx"})
    assert response.status_code == 200  # the form again, with its error
    assert StaffProfile.objects.get(user=editor).admin_language == "ar"


def test_the_admin_choice_leaves_the_public_site_alone(editor):
    article_build(title_ar="خبر", title_ru="Новость", body_ru="<p>Текст.</p>", slug_ru="novost")
    client = logged_in(editor, "en")
    client.post("/admin/language/", {"language": "ru", "next": "/admin/"})
    assert "django_language" not in client.cookies
    assert page_language(client.get("/ar/")) == ("ar", "rtl")
    assert page_language(client.get("/en/")) == ("en", "ltr")
    root = client.get("/")
    assert root.status_code == 302 and root["Location"] == "/en/"  # the browser's, not the admin's


def test_the_public_site_leaves_the_admin_alone(editor):
    client = logged_in(editor, "en")
    client.get("/ru/")
    client.get("/ar/")
    assert page_language(client.get("/admin/")) == ("en", "ltr")


def test_the_language_costs_no_query(editor):
    """The profile comes with the user, in the query every admin request makes anyway."""
    other = staff_build(role=EDITOR)
    admin_language_set(user=other, language="ru")
    counts = []
    for user in (editor, other):
        client = logged_in(user, "en")
        client.get("/admin/settings/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/settings/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_inactive_user_is_not_let_back_in(editor):
    client = logged_in(editor, "en")
    get_user_model().objects.filter(pk=editor.pk).update(is_active=False)
    assert client.get("/admin/").status_code == 302
