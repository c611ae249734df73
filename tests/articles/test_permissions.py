"""Who may change a photo: the rule in articles.permissions, through the admin's real views."""

import pytest
from django.urls import reverse

from articles.models import Article, Photo
from articles.permissions import photo_change_allowed
from newsroom.roles import EDITOR, REPORTER, TRANSLATOR
from tests.builders import article_build, image_file, photo_build
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db


def change_url(photo: Photo) -> str:
    return reverse("admin:articles_photo_change", args=[photo.pk])


def used_by(photo: Photo, status: str) -> Photo:
    article_build(status=status, lead_photo=photo)
    return photo


def post_caption(client, photo: Photo, caption: str):
    """Post the photo's change form as the user sees it, with a new Arabic caption."""
    data = form_data(client.get(change_url(photo)).content.decode(), "photo_form")
    return client.post(change_url(photo), {**data, "caption_ar": caption})


def test_a_photo_added_in_the_admin_records_who_uploaded_it(client):
    reporter = staff_build(role=REPORTER)
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_photo_add"),
        {"image": image_file("lavrov.jpg"), "caption_ar": "لافروف"},
    )
    assert response.status_code == 302
    assert Photo.objects.get().uploaded_by == reporter


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("own-unused", True),
        ("own-in-a-draft", True),
        ("own-once-published-now-unpublished", True),
        ("own-in-a-published-article", False),
        ("own-in-a-scheduled-article", False),
        ("someone-elses", False),
    ],
)
def test_a_reporter_corrects_their_own_photos_until_an_article_using_them_is_published(
    client, case, allowed
):
    reporter = staff_build(role=REPORTER)
    uploader = staff_build(role=REPORTER) if case == "someone-elses" else reporter
    photo = photo_build(caption_ar="تعليق فيه خطأ", uploaded_by=uploader)
    if case == "own-in-a-draft":
        used_by(photo, Article.Status.DRAFT)
    elif case == "own-once-published-now-unpublished":
        used_by(photo, Article.Status.UNPUBLISHED)
    elif case == "own-in-a-published-article":
        used_by(photo, Article.Status.PUBLISHED)
    elif case == "own-in-a-scheduled-article":
        from datetime import timedelta

        from django.utils import timezone

        article_build(
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + timedelta(days=1),
            lead_photo=photo,
        )
    client.force_login(reporter)

    page = client.get(change_url(photo))
    response = post_caption(client, photo, "تعليق مصحح")

    photo.refresh_from_db()
    assert page.status_code == 200  # they may still see it
    if allowed:
        assert 'name="_save"' in page.content.decode()
        assert response.status_code == 302
        assert photo.caption_ar == "تعليق مصحح"
    else:
        assert 'name="_save"' not in page.content.decode()  # read-only
        assert response.status_code == 403
        assert photo.caption_ar == "تعليق فيه خطأ"
    assert photo_change_allowed(user=reporter, photo=photo) is allowed


def test_an_editor_changes_any_photo(client):
    editor = staff_build(role=EDITOR)
    photo = used_by(
        photo_build(caption_ar="قديم", uploaded_by=staff_build(role=REPORTER)), "published"
    )
    client.force_login(editor)
    assert post_caption(client, photo, "جديد").status_code == 302
    photo.refresh_from_db()
    assert photo.caption_ar == "جديد"


def test_a_translator_still_translates_any_photos_caption(client):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    photo = used_by(photo_build(caption_ar="لافروف"), "published")
    client.force_login(translator)
    data = form_data(client.get(change_url(photo)).content.decode(), "photo_form")
    response = client.post(change_url(photo), {**data, "caption_ru": "Лавров"})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption_ar, photo.caption_ru) == ("لافروف", "Лавров")


def test_staff_without_a_role_change_no_photo():
    user = staff_build()
    assert not photo_change_allowed(user=user, photo=photo_build(uploaded_by=user))
    assert not photo_change_allowed(user=user, photo=None)


def test_an_inactive_reporter_changes_nothing():
    reporter = staff_build(role=REPORTER, is_active=False)
    assert not photo_change_allowed(user=reporter, photo=photo_build(uploaded_by=reporter))


def test_the_reporter_sees_the_photo_list_with_their_own_photos_to_change(client):
    reporter = staff_build(role=REPORTER)
    photo_build(caption_ar="صورتي", uploaded_by=reporter)
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_photo_changelist"))
    assert response.status_code == 200
    assert "صورتي" in response.content.decode()
