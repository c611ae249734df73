"""Most read: counted by a beacon without cookies, bots and repeats ignored, folded into the
database, listed per language over the last 24 hours, pages still cached."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles import mostread
from articles.models import Article, ArticleReads
from tests.builders import article_build, article_full_build
from tests.pages import parse

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture(autouse=True)
def _no_pending_reads():
    mostread._take_pending()  # what an earlier test counted in this process
    yield
    mostread._take_pending()


def beacon(client, article, language="ar", *, method="post", address="203.0.113.7", agent=FIREFOX):
    with translation.override(language):
        url = reverse("articles:read", kwargs={"pk": article.pk})
    send = client.post if method == "post" else client.get
    return send(url, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def reads(article, language="ar") -> int:
    mostread.reads_fold()
    return sum(
        ArticleReads.objects.filter(article=article, language=language).values_list(
            "count", flat=True
        )
    )


def test_the_beacon_counts_a_read_without_cookies_or_caching(client):
    article = article_build()
    response = beacon(client, article)
    assert response.status_code == 204
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert reads(article) == 1


def test_without_javascript_the_noscript_image_counts_the_read(client):
    article = article_build()
    page = parse(client.get(article.get_absolute_url("ar")))
    (image,) = page.cssselect("noscript img.read-beacon")
    assert page.cssselect("article[data-read-beacon]")[0].get("data-read-beacon") == image.get(
        "src"
    )
    response = client.get(image.get("src"), REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT=FIREFOX)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert reads(article) == 1


def test_reloading_does_not_push_a_story_up_but_other_readers_do(client, monkeypatch):
    monkeypatch.setattr(mostread, "REPEAT_SECONDS", 1)  # a window this test can wait out
    article = article_build()
    for _ in range(5):
        beacon(client, article)
    assert reads(article) == 1
    beacon(client, article, address="203.0.113.8")
    beacon(client, article, agent=FIREFOX.replace("128", "129"))  # another browser there
    assert reads(article) == 3
    # The same reader again once the window has passed (Redis expires keys by its own
    # clock, so the test waits rather than moving Python's).
    time.sleep(1.5)
    beacon(client, article)
    assert reads(article) == 4


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_bots_and_scripts_are_not_counted(client, agent):
    article = article_build()
    assert beacon(client, article, agent=agent).status_code == 204
    assert reads(article) == 0


def test_a_prefetch_is_not_a_read(client):
    article = article_build()
    with translation.override("ar"):
        url = reverse("articles:read", kwargs={"pk": article.pk})
    client.post(url, HTTP_USER_AGENT=FIREFOX, HTTP_SEC_PURPOSE="prefetch")
    assert reads(article) == 0


def test_no_address_is_stored():
    article = article_build()
    mostread.read_record(
        article_id=article.pk, language="ar", address="203.0.113.99", user_agent=FIREFOX
    )
    mostread.reads_fold()
    row = ArticleReads.objects.get()
    stored = " ".join(str(value) for value in row.__dict__.values())
    assert "203.0.113.99" not in stored and "Firefox" not in stored


def test_behind_a_trusted_proxy_readers_are_told_apart_by_forwarded_address(client, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    article = article_build()
    with translation.override("ar"):
        url = reverse("articles:read", kwargs={"pk": article.pk})
    for reader in ("203.0.113.1", "203.0.113.2"):
        client.post(
            url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=reader, HTTP_USER_AGENT=FIREFOX
        )
    assert reads(article) == 2


def test_most_read_lists_the_last_24_hours_per_language_public_only(client):
    popular = article_full_build()
    quiet = article_full_build()
    draft = article_build(status=Article.Status.DRAFT)
    for n in range(3):
        beacon(client, popular, address=f"203.0.113.{n}")
        beacon(client, draft, address=f"203.0.113.{n}")
    beacon(client, quiet)
    beacon(client, quiet, "en")
    mostread.reads_fold()
    # Reads from two days ago no longer count.
    old = article_full_build()
    ArticleReads.objects.create(
        article=old, language="ar", hour=timezone.now() - timedelta(hours=30), count=99
    )
    now = timezone.now()
    ar = mostread.most_read("ar", now)
    assert [item["url"] for item in ar] == [
        popular.get_absolute_url("ar"),
        quiet.get_absolute_url("ar"),
    ]
    assert [item["reads"] for item in ar] == [3, 1]
    assert [item["url"] for item in mostread.most_read("en", now)] == [quiet.get_absolute_url("en")]
    page = parse(client.get("/ar/"))
    ranks = [li.cssselect(".rank")[0].text for li in page.cssselect(".most-read li")]
    assert ranks == ["١", "٢"]  # the page's digits


def test_counting_leaves_the_article_page_cached(client):
    article = article_build()
    url = article.get_absolute_url("ar")
    first = client.get(url)
    beacon(client, article)
    second = client.get(url)
    assert "public" in second["Cache-Control"] and not second.cookies
    assert second["ETag"] == first["ETag"]


def test_old_rows_are_deleted_when_reads_are_folded(client):
    article = article_build()
    ArticleReads.objects.create(
        article=article, language="ar", hour=timezone.now() - timedelta(days=3), count=5
    )
    beacon(client, article)
    mostread.reads_fold()
    assert list(ArticleReads.objects.values_list("count", flat=True)) == [1]


def test_foldreads_command_folds_the_pending_counts(client):
    from django.core.management import call_command

    article = article_build()
    mostread.read_record(article_id=article.pk, language="ru", address="a", user_agent=FIREFOX)
    mostread.read_record(article_id=article.pk, language="ru", address="b", user_agent=FIREFOX)
    call_command("foldreads", verbosity=0)
    assert ArticleReads.objects.get(language="ru").count == 2
