"""Ingest behaviour: versions and editors' changes, cancellations, embargoes, entities,
pictures delivered with an item, and every kind of bad input refused item by item."""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from articles.models import Article, Photo, Source, Tag
from articles.workflow import (
    TransitionNotAllowed,
    article_publish,
    article_save,
    article_schedule,
)
from newsroom.roles import EDITOR
from people.models import Person
from tests.builders import content_build, tag_build
from tests.staff import staff_build
from wire.ingest import ingest_delivery
from wire.models import Agency, EntityName, IngestLog, WireItem

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture
def agency():
    source = content_build(Source, slug="tass", name_ar="تاس", name_ru="ТАСС", name_en="TASS")
    return Agency.objects.create(name="TASS", slug="tass", source=source, language="ru")


def ninjs(uri="urn:tass:1", version=1, **fields) -> dict:
    return {
        "uri": uri,
        "version": str(version),
        "type": "text",
        "language": "ru",
        "headlines": [{"role": "main", "value": "Лавров провёл переговоры"}],
        "descriptions": [{"role": "summary", "value": "Министр обсудил гуманитарные вопросы."}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Текст.</p>"}],
        "by": "Корреспондент ТАСС",
        "located": "Москва",
        **fields,
    }


def push(agency, *items, **kwargs):
    data = json.dumps(list(items) if len(items) > 1 else items[0]).encode()
    return ingest_delivery(agency=agency, data=data, channel="test", **kwargs)


# --- Drafts, versions, editors' changes -------------------------------------------------------


def test_an_item_becomes_a_russian_original_draft(agency):
    (line,) = push(agency, ninjs(urgency=2))
    assert line.level == "ok"
    article = Article.objects.get()
    assert article.original_language == "ru"
    assert article.title_ru == "Лавров провёл переговоры"
    assert article.standfirst_ru == "Министр обсудил гуманитарные вопросы."
    assert article.body_ru == "<p>Текст.</p>"
    assert not article.title_ar  # the Arabic desk translates it
    assert article.source == agency.source and article.status == Article.Status.DRAFT
    item = WireItem.objects.get()
    assert item.urgency == 2 and item.byline == "Корреспондент ТАСС"
    (version,) = Version.objects.get_for_object(article)
    assert "Imported from TASS" in version.revision.comment


def test_the_body_is_sanitised_by_the_article_allowlist(agency):
    body = '<p onclick="x()">Текст <script>alert(1)</script><a href="javascript:x">ссылка</a></p>'
    push(agency, ninjs(bodies=[{"role": "main", "contenttype": "text/html", "value": body}]))
    body = Article.objects.get().body_ru
    assert "script" not in body and "onclick" not in body and "javascript" not in body


def test_a_higher_version_of_an_untouched_draft_updates_it_as_a_new_revision(agency):
    push(agency, ninjs())
    (line,) = push(
        agency, ninjs(version=2, headlines=[{"role": "main", "value": "Новый заголовок"}])
    )
    assert line.level == "ok" and "version 2" in line.message
    article = Article.objects.get()
    assert article.title_ru == "Новый заголовок"
    assert Version.objects.get_for_object(article).count() == 2
    assert WireItem.objects.get().version == 2


def test_the_same_or_an_older_version_changes_nothing(agency):
    push(agency, ninjs(version=3))
    before = list(Article.objects.values())
    for version in (3, 2):
        (line,) = push(agency, ninjs(version=version, headlines=[{"value": "Другое"}]))
        assert line.level == "info" and "Already ingested" in line.message
    assert list(Article.objects.values()) == before


def test_an_update_to_a_draft_an_editor_changed_is_kept_aside_with_a_diff(agency, admin_client):
    push(agency, ninjs())
    article = Article.objects.get()
    editor = staff_build(role=EDITOR)
    article.title_ru = "Заголовок редактора"
    article_save(article=article, user=editor, changed={"title_ru"})

    (line,) = push(agency, ninjs(version=2, headlines=[{"value": "Заголовок агентства"}]))
    assert "Agency update available" in line.message
    article.refresh_from_db()
    assert article.title_ru == "Заголовок редактора"  # the editor's work stays
    item = WireItem.objects.get()
    assert item.update_available and item.pending_version == 2

    listing = admin_client.get(
        reverse("admin:wire_wireitem_changelist") + "?update=yes", headers=EN
    )
    assert "Agency update available" in listing.content.decode()
    page = admin_client.get(
        reverse("admin:wire_wireitem_change", args=[item.pk]), headers=EN
    ).content.decode()
    assert "<del>редактора</del>" in page.replace("\n", "") or "редактора" in page
    assert "агентства" in page

    # The editor takes the agency's version after all: a new revision, the flag goes.
    response = admin_client.post(
        reverse("admin:wire_wireitem_changelist"),
        {"action": "apply_update", "_selected_action": [item.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_ru == "Заголовок агентства"
    item.refresh_from_db()
    assert not item.update_available and item.version == 2
    assert Version.objects.get_for_object(article).count() == 3


def test_a_canceled_item_flags_the_draft(agency):
    push(agency, ninjs())
    (line,) = push(agency, ninjs(version=2, pubstatus="canceled"))
    assert "canceled" in line.message.lower() or "Canceled" in line.message
    assert WireItem.objects.get().pubstatus == "canceled"
    assert Article.objects.get().status == Article.Status.DRAFT
    assert mail.outbox == []


def test_a_withheld_item_already_published_alerts_the_editors(
    agency, django_capture_on_commit_callbacks
):
    push(agency, ninjs())
    editor = staff_build(role=EDITOR, email="desk@example.org")
    article_publish(article=Article.objects.get(), user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        (line,) = push(agency, ninjs(version=2, pubstatus="withheld"))
    assert line.level == "error" and "alerted" in line.message
    (message,) = mail.outbox
    assert message.to == ["desk@example.org"]
    assert "Withheld" in message.subject


# --- Embargo --------------------------------------------------------------------------------


def test_an_embargoed_item_cannot_be_published_before_its_embargo(agency):
    embargo = timezone.now() + timedelta(hours=3)
    push(agency, ninjs(embargoed=embargo.isoformat()))
    article = Article.objects.get()
    assert article.embargoed_until == embargo.replace(microsecond=embargo.microsecond)
    editor = staff_build(role=EDITOR)
    with pytest.raises(TransitionNotAllowed, match="embargo"):
        article_publish(article=article, user=editor)
    with pytest.raises(TransitionNotAllowed, match="embargo"):
        article_schedule(article=article, user=editor, at=embargo - timedelta(minutes=1))
    article = article_schedule(article=article, user=editor, at=embargo)
    assert article.is_scheduled and article.published_at == article.embargoed_until


def test_the_embargo_and_urgency_are_shown_on_the_incoming_wire(agency, admin_client):
    push(agency, ninjs(urgency=1, embargoed=(timezone.now() + timedelta(hours=3)).isoformat()))
    page = admin_client.get(reverse("admin:wire_wireitem_changelist")).content.decode()
    assert "wire-embargo" in page
    assert "Лавров провёл переговоры" in page
    flash = admin_client.get(reverse("admin:wire_wireitem_changelist") + "?urgency=flash")
    assert "Лавров провёл переговоры" in flash.content.decode()
    other = admin_client.get(reverse("admin:wire_wireitem_changelist") + "?urgency=other")
    assert "Лавров провёл переговоры" not in other.content.decode()


def test_take_opens_the_draft_and_marks_the_item_taken(agency, client):
    push(agency, ninjs())
    item = WireItem.objects.get()
    editor = staff_build(role=EDITOR)
    client.force_login(editor)
    response = client.get(reverse("admin:wire_wireitem_take", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[item.article_id])
    item.refresh_from_db()
    assert item.taken_by == editor


# --- Entities -------------------------------------------------------------------------------


def test_people_are_matched_by_name_then_by_uri_and_never_duplicated(agency):
    lavrov = content_build(Person, slug="lavrov", name_ar="لافروف", name_ru="Сергей Лавров")
    wikidata = "http://www.wikidata.org/entity/Q80137"
    push(agency, ninjs(people=[{"name": "Сергей Лавров", "uri": wikidata}]))
    assert list(Article.objects.get().people.all()) == [lavrov]
    assert EntityName.objects.filter(name=wikidata, object_id=lavrov.pk).exists()
    # Another agency spelling, same URI: the same person.
    push(agency, ninjs(uri="urn:tass:2", people=[{"name": "С. В. Лавров", "uri": wikidata}]))
    assert Person.objects.count() == 1
    assert list(Article.objects.get(wire_items__guid="urn:tass:2").people.all()) == [lavrov]


def test_tags_are_matched_by_name_or_alias_in_the_items_language(agency):
    tag = tag_build(name_ar="الأمم المتحدة", name_ru="ООН")
    alias = tag_build(name_ar="دبلوماسية", name_ru="Дипломатия")
    EntityName.objects.create(entity=alias, language="ru", name="Международные отношения")
    push(
        agency,
        ninjs(
            subjects=[{"name": "ООН", "uri": "medtop:11000000"}],
            keywords=["Международные отношения", "Неизвестное"],
        ),
    )
    assert set(Article.objects.get().tags.all()) == {tag, alias}
    assert WireItem.objects.get().unmatched == {"tags": ["Неизвестное"]}
    assert Tag.objects.count() == 2


def test_an_arabic_item_creates_missing_tags_once(agency):
    item = ninjs(language="ar", headlines=[{"value": "خبر"}], keywords=["اقتصاد"])
    push(agency, item)
    push(agency, {**item, "uri": "urn:tass:2"})
    assert Tag.objects.filter(name_ar="اقتصاد").count() == 1
    assert Article.objects.filter(tags__name_ar="اقتصاد").count() == 2


# --- Pictures delivered with the item -------------------------------------------------------


def test_a_picture_delivered_with_the_item_becomes_the_lead_photo(agency, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 200)).save(buffer, "JPEG")
    (tmp_path / "lavrov.jpg").write_bytes(buffer.getvalue())
    picture = {
        "type": "picture",
        "by": "Фото: Иванов",
        "copyrightnotice": "ТАСС",
        "descriptions": [{"role": "caption", "value": "Сергей Лавров"}],
        "renditions": [{"href": "lavrov.jpg"}, {"href": "https://example.com/remote.jpg"}],
    }
    remote = {**picture, "renditions": [{"href": "https://example.com/other.jpg"}]}
    (line,) = push(
        agency, ninjs(associations={"lead": picture, "other": remote}), files_dir=tmp_path
    )
    assert line.level == "ok", line.message
    photo = Article.objects.get().lead_photo
    assert photo.caption_ru == "Сергей Лавров" and photo.width == 800
    assert photo.credit.name_ru == "Фото: Иванов / ТАСС"
    assert WireItem.objects.get().unmatched["pictures"] == ["https://example.com/other.jpg"]
    assert Photo.objects.count() == 1


def test_a_picture_path_cannot_leave_the_delivery_folder(agency, tmp_path):
    inside = tmp_path / "batch"
    inside.mkdir()
    (tmp_path / "secret.jpg").write_bytes(b"not for us")
    picture = {"type": "picture", "renditions": [{"href": "../secret.jpg"}]}
    push(agency, ninjs(associations={"lead": picture}), files_dir=inside)
    assert Article.objects.get().lead_photo is None


# --- Bad input ------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"><lolz>&lol3;</lolz></newsItem>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" version="1">
<itemMeta><itemClass qcode="ninat:text"/></itemMeta>
<contentMeta><headline>&xxe;</headline></contentMeta></newsItem>"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"uri": "x", "headlines": [', "Malformed JSON"),
        (b"<newsItem><itemMeta></newsItem>", "Malformed XML"),
        (BILLION_LAUGHS, "declares a DTD or entities"),
        (EXTERNAL_ENTITY, "declares a DTD or entities"),
        (b"plain text", "Neither JSON"),
        (b"\xff\xfe{", "Neither JSON"),
    ],
)
def test_a_bad_delivery_is_refused_with_a_clear_line(agency, data, reason):
    (line,) = ingest_delivery(agency=agency, data=data, channel="test")
    assert line.level == "error" and reason in line.message
    assert not Article.objects.exists() and not WireItem.objects.exists()
    assert IngestLog.objects.get().message == line.message


def test_bad_items_are_refused_one_by_one_and_the_others_land(agency, settings):
    settings.WIRE_MAX_ITEM_BYTES = 10_000
    big = "<p>" + "слово " * 5000 + "</p>"
    lines = push(
        agency,
        ninjs(uri="urn:ok:1"),
        ninjs(uri="urn:big", bodies=[{"contenttype": "text/html", "value": big}]),
        ninjs(uri="urn:de", language="de"),
        ninjs(uri="urn:empty", headlines=[]),
        ninjs(uri="urn:ok:1", headlines=[{"value": "Дубликат"}]),
        ninjs(uri="urn:long", headlines=[{"value": "Ж" * 301}]),
        "not an object",
        ninjs(uri="urn:ok:2"),
    )
    assert [(line.item, line.level) for line in lines] == [
        ("urn:ok:1", "ok"),
        ("urn:big", "error"),
        ("urn:de", "error"),
        ("urn:empty", "error"),
        ("urn:ok:1", "error"),
        ("urn:long", "error"),
        ("#7", "error"),
        ("urn:ok:2", "ok"),
    ]
    messages = [line.message for line in lines]
    assert "larger than 10000 bytes" in messages[1]
    assert "“de”, not a language the site publishes" in messages[2]
    assert "no headline" in messages[3]
    assert "same id twice" in messages[4]
    assert "longer than 300" in messages[5]
    assert "JSON object" in messages[6]
    assert set(WireItem.objects.values_list("guid", flat=True)) == {"urn:ok:1", "urn:ok:2"}
    assert Article.objects.get(wire_items__guid="urn:ok:1").title_ru != "Дубликат"
    assert Article.objects.count() == 2


def test_an_item_that_fails_half_way_leaves_nothing(agency, tmp_path, settings):
    """Its photo is saved, then its renditions cannot be made (not an image): neither the
    photo nor the article stays, and the next item still lands."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "broken.jpg").write_bytes(b"not an image at all")
    picture = {"type": "picture", "renditions": [{"href": "broken.jpg"}]}
    lines = push(
        agency,
        ninjs(uri="urn:broken", associations={"lead": picture}),
        ninjs(uri="urn:fine"),
        files_dir=tmp_path,
    )
    assert [line.level for line in lines] == ["error", "ok"]
    assert "Not saved" in lines[0].message
    assert not Photo.objects.exists()
    assert list(WireItem.objects.values_list("guid", flat=True)) == ["urn:fine"]
    assert Article.objects.count() == 1


def test_two_items_with_the_same_headline_get_addresses_of_their_own(agency):
    push(agency, ninjs(uri="urn:a"), ninjs(uri="urn:b"))
    slugs = list(Article.objects.order_by("pk").values_list("slug_ru", flat=True))
    assert len(set(slugs)) == 2


def test_the_ingest_log_is_visible_in_the_admin(agency, admin_client):
    ingest_delivery(agency=agency, data=b"{", channel="test", origin="broken.json")
    page = admin_client.get(reverse("admin:wire_ingestlog_changelist") + "?level=error")
    assert "Malformed JSON" in page.content.decode()
