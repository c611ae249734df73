"""Webhook pushes: what each change sends to whom, signed, in order, retried; run by the same
function the worker runs (``syndication.tasks.subscription_deliver``), against real HTTP servers
on loopback."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_q.models import OrmQ, Schedule

from articles.models import Article, Section
from articles.workflow import article_save
from newsroom.events import Change, content_announce
from syndication.models import Delivery, Partner, Subscription
from syndication.push import _not_before, signature
from syndication.tasks import deliveries_due, subscription_deliver
from tests.builders import article_full_build
from tests.syndication.receiver import Receiver
from tests.syndication.standards import ninjs_errors

pytestmark = pytest.mark.django_db
State = Delivery.State


@pytest.fixture
def receiver():
    server = Receiver(8161).start()
    yield server
    server.stop()


def subscribe(url, *, languages=("ar", "en"), wire_format="ninjs-3.1", **fields) -> Subscription:
    partner = Partner.objects.create(name=f"Partner {Partner.objects.count() + 1}")
    return Subscription.objects.create(
        partner=partner, url=url, languages=list(languages), wire_format=wire_format, **fields
    )


def events(subscription) -> list[tuple[str, str]]:
    return list(subscription.deliveries.order_by("pk").values_list("event", "language"))


def test_a_publication_goes_signed_to_each_language_subscribed(
    receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        article = article_full_build()
    assert events(subscription) == [("publish", "ar"), ("publish", "en")]
    # After commit, the queue has a task for the subscription.
    assert OrmQ.objects.count() == 1
    assert subscription_deliver(subscription.pk) == 2
    first, second = receiver.received
    assert first.headers["X-Newsroom-Event"] == "publish"
    assert first.headers["X-Newsroom-Signature"] == signature(subscription.secret, first.body)
    item = json.loads(first.body)
    assert ninjs_errors(item, "ninjs-3.1") == []
    assert item["uri"].endswith(f":article:{article.pk}:ar")
    assert json.loads(second.body)["language"] == "en"
    ids = {r.headers["X-Newsroom-Delivery"] for r in receiver.received}
    assert ids == {str(d) for d in Delivery.objects.values_list("delivery_id", flat=True)}
    assert set(Delivery.objects.values_list("state", flat=True)) == {State.DELIVERED}


def test_update_and_unpublish_follow_in_order(receiver):
    subscription = subscribe(receiver.url, languages=["en"])
    article = article_full_build()
    article.title_en = "Early change"  # before the publication went: it carries the change
    article_save(article=article, user=None, changed={"title_en"})
    assert events(subscription) == [("publish", "en")]
    assert subscription_deliver(subscription.pk) == 1
    article.title_en = "Corrected headline"
    article_save(article=article, user=None, changed={"title_en"})
    article.title_ar = "عنوان آخر"
    article_save(article=article, user=None, changed={"title_ar"})  # not English: nothing
    assert subscription_deliver(subscription.pk) == 1
    article.status = Article.Status.UNPUBLISHED
    article_save(article=article, user=None, changed={"status"})
    assert events(subscription) == [("publish", "en"), ("update", "en"), ("withdrawal", "en")]
    assert subscription_deliver(subscription.pk) == 1
    sent = [json.loads(r.body) for r in receiver.received]
    assert [s["pubStatus"] for s in sent] == ["usable", "usable", "canceled"]
    assert [s["headlines"][0]["value"] for s in sent[:2]] == ["Early change", "Corrected headline"]


def test_a_failure_is_retried_later_and_holds_back_what_follows(receiver, settings):
    settings.NEWSROOM_DELIVERY_RETRY_BASE_SECONDS = 30
    receiver.statuses = [503]
    subscription = subscribe(receiver.url, languages=["ar"])
    article_full_build(title_ar="الأول")
    article_full_build(title_ar="الثاني")
    assert subscription_deliver(subscription.pk) == 0
    first, second = subscription.deliveries.order_by("pk")
    first.refresh_from_db()
    assert (first.state, first.attempts, first.last_status_code) == (State.PENDING, 1, 503)
    assert 25 < (first.next_attempt_at - timezone.now()).total_seconds() <= 30
    assert second.tries.count() == 0  # in order: it waits behind the first
    assert Schedule.objects.filter(func="syndication.tasks.subscription_deliver").exists()
    assert subscription_deliver(subscription.pk) == 0  # not yet time
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert subscription_deliver(subscription.pk) == 2
    headlines = [json.loads(r.body)["headlines"][0]["value"] for r in receiver.received]
    assert headlines == ["الأول", "الأول", "الثاني"]
    # The retry carried the same delivery id and the same bytes.
    assert receiver.received[0].body == receiver.received[1].body
    ids = [r.headers["X-Newsroom-Delivery"] for r in receiver.received]
    assert ids[0] == ids[1] != ids[2]
    assert list(first.tries.values_list("status_code", flat=True)) == [503, 200]


def test_one_failing_subscriber_never_delays_another(receiver):
    down = subscribe("http://127.0.0.1:8162/hook", languages=["ar"])  # nothing listens there
    up = subscribe(receiver.url, languages=["ar"])
    article_full_build()
    assert subscription_deliver(down.pk) == 0
    assert subscription_deliver(up.pk) == 1
    failed = down.deliveries.get()
    assert failed.last_status_code is None and "refused" in failed.last_error.lower()
    assert up.deliveries.get().state == State.DELIVERED


def test_gives_up_after_the_last_attempt(settings):
    settings.NEWSROOM_DELIVERY_MAX_ATTEMPTS = 2
    subscription = subscribe("http://127.0.0.1:8162/hook", languages=["ar"])
    article_full_build()
    subscription_deliver(subscription.pk)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        subscription_deliver(subscription.pk)
    delivery = subscription.deliveries.get()
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == (State.FAILED, 2, None)


def test_a_scheduled_story_goes_at_its_time(receiver):
    subscription = subscribe(receiver.url, languages=["ar"])
    at = timezone.now() + timedelta(hours=2)
    article_full_build(published_at=at)
    delivery = subscription.deliveries.get()
    assert delivery.not_before == at
    assert subscription_deliver(subscription.pk) == 0 and receiver.received == []
    with time_machine.travel(at + timedelta(seconds=1)):
        assert deliveries_due() == 1
        assert subscription_deliver(subscription.pk) == 1
    assert json.loads(receiver.received[0].body)["pubStatus"] == "usable"


def test_a_story_no_longer_public_when_its_turn_comes_is_not_sent(receiver):
    subscription = subscribe(receiver.url, languages=["ar"])
    at = timezone.now() + timedelta(hours=2)
    article = article_full_build(published_at=at)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    with time_machine.travel(at + timedelta(seconds=1)):
        subscription_deliver(subscription.pk)
    assert subscription.deliveries.get().state == State.SKIPPED
    assert receiver.received == []


def test_sections_languages_and_inactive_subscriptions(receiver):
    other = Section.objects.create(slug="sport", name_ar="رياضة")
    sport_only = subscribe(receiver.url, languages=["ar", "ru"])
    sport_only.sections.add(other)
    inactive = subscribe(receiver.url, is_active=False)
    everything = subscribe(receiver.url, languages=["ru"])
    article_full_build()  # section "world"
    assert events(sport_only) == []
    assert events(inactive) == []
    assert events(everything) == [("publish", "ru")]


def test_bulk_loads_are_not_pushed(receiver):
    subscription = subscribe(receiver.url)
    article = article_full_build()
    Delivery.objects.all().delete()
    content_announce(model=Article, pks=[article.pk], kind=Change.UPDATED, bulk=True)
    assert events(subscription) == []


def test_newsml_subscription_gets_xml(receiver):
    subscription = subscribe(receiver.url, languages=["ru"], wire_format="newsml-g2")
    article_full_build()
    subscription_deliver(subscription.pk)
    received = receiver.received[0]
    assert received.headers["Content-Type"].startswith("application/vnd.iptc.g2.newsitem+xml")
    assert received.body.startswith(b"<?xml")


def test_embargo_hook_sends_early_only_to_partners_who_accept_it(receiver):
    """An article with an embargo (the field the ingest adds) goes at once, marked, to a partner
    who accepts embargoed copy, and at its time to the others."""
    accepting = subscribe(receiver.url, languages=["ar"], accepts_embargoed=True)
    others = subscribe(receiver.url, languages=["ar"])
    article = article_full_build(published_at=timezone.now() + timedelta(hours=3))
    article.embargo = article.published_at
    now, marked = _not_before(article, accepting)
    assert marked == article.embargo and (now - timezone.now()).total_seconds() < 5
    assert _not_before(article, others) == (article.published_at, None)
    # And never on the public site before its time.
    assert not Article.objects.public("ar").filter(pk=article.pk).exists()
