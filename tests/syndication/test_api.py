"""The partner read API: tokens, visibility, filters, cursors, ETags, rate limits, query counts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Article
from syndication.models import Partner
from tests.builders import article_build, article_full_build, person_build, tag_build
from tests.syndication.standards import ninjs_errors

pytestmark = pytest.mark.django_db
BASE = "/api/partners/v1"


@pytest.fixture
def token():
    partner = Partner.objects.create(name="Aggregator")
    return partner.token_renew()


def get(client, url, token, **params):
    return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def titles(response, key="headlines"):
    return [item[key][0]["value"] for item in response.json()["items"]]


def test_no_token_or_a_wrong_one_is_refused(client, token):
    article_full_build()
    assert client.get(f"{BASE}/ar/items").status_code == 401
    assert get(client, f"{BASE}/ar/items", "nrp_wrong").status_code == 401
    assert get(client, f"{BASE}/ar/items", token[:-1]).status_code == 401
    Partner.objects.update(is_active=False)
    assert get(client, f"{BASE}/ar/items", token).status_code == 401


def test_the_token_is_stored_only_as_a_digest(token):
    partner = Partner.objects.get()
    assert token not in (partner.token_digest, partner.token_hint)
    assert len(partner.token_digest) == 64 and token.startswith(partner.token_hint)


def test_lists_only_what_is_public_in_that_language(client, token):
    public = article_full_build(title_ru="Видно")
    article_full_build(status=Article.Status.DRAFT, title_ru="Черновик")
    article_full_build(published_at=timezone.now() + timedelta(days=1), title_ru="Позже")
    article_full_build(title_ru="Без текста", body_ru="")
    response = get(client, f"{BASE}/ru/items", token)
    assert response.status_code == 200
    assert titles(response) == ["Видно"]
    item = response.json()["items"][0]
    assert ninjs_errors(item, "ninjs-3.1") == []
    assert item["uri"].endswith(f":article:{public.pk}:ru")
    assert get(client, f"{BASE}/ar/items", token).json()["items"][0]["language"] == "ar"
    assert get(client, f"{BASE}/xx/items", token).status_code == 422


def test_list_in_ninjs_2_2(client, token):
    article_full_build()
    items = get(client, f"{BASE}/en/items", token, format="ninjs-2.2").json()["items"]
    assert ninjs_errors(items[0], "ninjs-2.2") == []
    assert "versioncreated" in items[0]


def test_filters_by_section_tag_person_and_source(client, token):
    tagged = article_full_build(title_en="Tagged")
    other = article_full_build(title_en="Other", source=None, section=None)
    tag = tagged.tags.get()
    person = tagged.people.get()
    for params, expected in (
        ({"tag": tag.slug}, ["Tagged"]),
        ({"person": person.slug}, ["Tagged"]),
        ({"section": "world"}, ["Tagged"]),
        ({"source": "tass"}, ["Tagged"]),
        ({"tag": "no-such-tag"}, []),
        ({}, ["Other", "Tagged"]),
    ):
        assert titles(get(client, f"{BASE}/en/items", token, **params)) == expected, params
    assert other.pk


def test_updated_since(client, token):
    old = article_full_build(title_en="Old", published_at=timezone.now() - timedelta(days=3))
    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    article_full_build(title_en="New")
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert titles(get(client, f"{BASE}/en/items", token, updated_since=since)) == ["New"]
    bad = get(client, f"{BASE}/en/items", token, updated_since="yesterday")
    assert bad.status_code == 422


def test_cursor_pages_through_everything_once(client, token):
    now = timezone.now()
    for n in range(7):
        article_build(
            title_ar=f"خبر {n}", slug_ar=f"khabar-{n}", published_at=now - timedelta(minutes=n)
        )
    seen, url, params = [], f"{BASE}/ar/items", {"limit": 3}
    while url:
        response = get(client, url, token, **params)
        assert response.status_code == 200
        seen += titles(response)
        url, params = response.json()["next"], {}
    assert seen == [f"خبر {n}" for n in range(7)]
    assert get(client, f"{BASE}/ar/items", token, cursor="garbage!").status_code == 400
    assert get(client, f"{BASE}/ar/items", token, limit=1000).status_code == 422


def test_etag_and_if_none_match(client, token):
    article = article_full_build()
    first = get(client, f"{BASE}/ar/items", token)
    etag = first["ETag"]
    again = client.get(
        f"{BASE}/ar/items", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IF_NONE_MATCH=etag
    )
    assert again.status_code == 304 and again.content == b""
    detail = get(client, f"{BASE}/ar/items/{article.pk}", token)
    assert (
        client.get(
            f"{BASE}/ar/items/{article.pk}",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IF_NONE_MATCH=detail["ETag"],
        ).status_code
        == 304
    )
    Article.objects.filter(pk=article.pk).update(title_ar="عنوان جديد")
    changed = client.get(
        f"{BASE}/ar/items", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IF_NONE_MATCH=etag
    )
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_one_item_in_each_format(client, token):
    article = article_full_build()
    url = f"{BASE}/ru/items/{article.pk}"
    ninjs = get(client, url, token)
    assert ninjs["Content-Type"].startswith("application/json")
    assert ninjs_errors(ninjs.json(), "ninjs-3.1") == []
    assert ninjs_errors(get(client, url, token, format="ninjs-2.2").json(), "ninjs-2.2") == []
    xml = get(client, url, token, format="newsml-g2")
    assert xml["Content-Type"].startswith("application/vnd.iptc.g2.newsitem+xml")
    assert etree.fromstring(xml.content).get("guid").endswith(f":article:{article.pk}:ru")
    assert get(client, url, token, format="rss").status_code == 422


def test_no_hidden_item_by_id(client, token):
    draft = article_full_build(status=Article.Status.DRAFT)
    scheduled = article_full_build(published_at=timezone.now() + timedelta(hours=1))
    partial = article_full_build(body_en="")
    for article, language in ((draft, "ar"), (scheduled, "ar"), (partial, "en")):
        response = get(client, f"{BASE}/{language}/items/{article.pk}", token)
        assert response.status_code == 404
        assert article.title_ar not in response.content.decode()
    assert get(client, f"{BASE}/ar/items/{partial.pk}", token).status_code == 200


def test_each_partner_has_its_own_rate_limit(client, token):
    Partner.objects.update(requests_per_minute=3)
    other = Partner.objects.create(name="Other").token_renew()
    codes = [get(client, f"{BASE}/ar/items", token).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert get(client, f"{BASE}/ar/items", other).status_code == 200


def count_queries(client, url, token) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url, token).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_articles(client, token):
    article_full_build(people=2, tags=2)
    few_list = count_queries(client, f"{BASE}/ar/items", token)
    few_item = count_queries(client, f"{BASE}/ar/items/{Article.objects.get().pk}", token)
    for _ in range(6):
        article_full_build(people=3, tags=3, organisations=2)
    many = count_queries(client, f"{BASE}/ar/items", token)
    item = count_queries(client, f"{BASE}/ar/items/{Article.objects.first().pk}", token)
    # The partner, then articles with section/source/photo, people, organisations, tags,
    # renditions: six queries for one item or twenty.
    assert few_list == many == 6
    assert few_item == item == 6
    print(f"partner API queries: list {many}, item {item}")


def test_openapi_description(client):
    schema = json.loads(client.get(f"{BASE}/openapi.json").content)
    paths = schema["paths"]
    assert f"{BASE}/{{language}}/items" in paths
    parameters = {p["name"] for p in paths[f"{BASE}/{{language}}/items"]["get"]["parameters"]}
    assert {"updated_since", "section", "tag", "person", "source", "cursor"} <= parameters
    assert schema["components"]["securitySchemes"]["PartnerToken"]["scheme"] == "bearer"


def test_people_and_tags_without_a_name_in_the_language_are_left_out(client, token):
    article = article_full_build(people=0, tags=0)
    article.people.add(person_build(name_ar="شخص فقط بالعربية"))
    article.tags.add(tag_build(name_ar="وسم"))
    item = get(client, f"{BASE}/en/items/{article.pk}", token).json()
    assert "people" not in item
    assert [s["rel"] for s in item.get("subjects", [])] == ["section"]
