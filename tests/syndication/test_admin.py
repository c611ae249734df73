"""Partners, subscriptions and deliveries in the admin: the token shown once, the deliveries'
attempts, «Retry now»."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from syndication.models import Delivery, DeliveryAttempt, Partner, Subscription
from tests.builders import article_full_build

pytestmark = pytest.mark.django_db


def test_a_new_partner_gets_a_token_shown_once(admin_client):
    response = admin_client.post(
        reverse("admin:syndication_partner_add"),
        {"name": "Aggregator", "requests_per_minute": 60, "is_active": "on"},
        follow=True,
    )
    partner = Partner.objects.get()
    messages = [str(m) for m in response.context["messages"]]
    token = next(word for m in messages for word in m.split() if word.startswith("nrp_"))
    assert partner.token_hint and token.startswith(partner.token_hint)
    page = admin_client.get(reverse("admin:syndication_partner_change", args=[partner.pk]))
    assert token not in page.content.decode()
    assert partner.token_digest not in page.content.decode()


def test_a_subscription_is_made_in_the_admin(admin_client):
    partner = Partner.objects.create(name="Wire")
    response = admin_client.post(
        reverse("admin:syndication_subscription_add"),
        {
            "partner": partner.pk,
            "url": "https://partner.example.org/hook",
            "languages": ["ar", "en"],
            "wire_format": "newsml-g2",
            "secret": "s3cret-shared-with-the-partner",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    subscription = Subscription.objects.get()
    assert subscription.languages == ["ar", "en"]
    assert subscription.wire_format == "newsml-g2"


def test_deliveries_show_their_attempts_and_go_again_on_retry_now(
    admin_client, django_capture_on_commit_callbacks
):
    partner = Partner.objects.create(name="Wire")
    Subscription.objects.create(partner=partner, url="http://127.0.0.1:8162/", languages=["ar"])
    article_full_build()
    delivery = Delivery.objects.get()
    from syndication.tasks import subscription_deliver

    subscription_deliver(delivery.subscription_id)  # nothing listens there: refused
    with translation.override("en"):
        changelist = admin_client.get(reverse("admin:syndication_delivery_changelist"))
    assert str(delivery.delivery_id) in changelist.content.decode()
    page = admin_client.get(reverse("admin:syndication_delivery_change", args=[delivery.pk]))
    attempt = DeliveryAttempt.objects.get()
    assert "refused" in page.content.decode().lower() and attempt.status_code is None
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:syndication_delivery_changelist"),
            {"action": "retry_now", "_selected_action": [delivery.pk]},
        )
    delivery.refresh_from_db()
    assert delivery.next_attempt_at is None and delivery.state == Delivery.State.PENDING
    from django_q.models import OrmQ

    assert OrmQ.objects.count() >= 1  # the subscription's task is queued again


def test_the_subscription_list_costs_the_same_for_many(admin_client, django_assert_max_num_queries):
    partner = Partner.objects.create(name="Wire")
    for n in range(8):
        Subscription.objects.create(partner=partner, url=f"https://p{n}.example.org/", languages=[])
    with django_assert_max_num_queries(12):
        assert (
            admin_client.get(reverse("admin:syndication_subscription_changelist")).status_code
            == 200
        )
