"""Push to subscribers: every publication, update, correction and withdrawal, in order, retried.

``push_follow`` follows ``newsroom.events.content_changed`` for articles. Inside
the writer's transaction it records what each active subscription must get
(a ``Delivery`` per subscription, article and language: an outbox, so nothing
is lost and nothing is sent for a save that rolls back); when the transaction
commits, it asks the task queue (django-q2) to send them.

``subscription_deliver`` (run by the worker, ``manage.py qcluster``) sends one
subscription's due deliveries in the order they were made, each signed with
the subscription's secret. A failure (refused, timed out, not 2xx) is retried
after 30 s, 1, 2, 4… minutes (``NEWSROOM_DELIVERY_RETRY_*``), and the later
deliveries of that subscription wait behind it, so a partner never gets an
update before the story; other subscriptions are sent by other tasks and
never wait for it. After ``NEWSROOM_DELIVERY_MAX_ATTEMPTS`` the delivery is
marked failed and the queue moves on; «Retry now» in the admin sends it again.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from newsroom.events import Change, ContentChanged
from syndication.formats import item_write
from syndication.models import Delivery, DeliveryAttempt, Subscription
from syndication.wire import embargo_until, wire_item, wire_queryset, withdrawal_item

Event = Delivery.Event
State = Delivery.State
#: How long a worker holds a subscription's queue before another may take it over.
LEASE = timedelta(minutes=5)
USER_AGENT = "newsroom-syndication/1"


# --- Planning (inside the writer's transaction) ----------------------------------------------


def partner_visible(article: Article, language: str, *, embargo_accepted: bool) -> bool:
    """Whether ``article`` in ``language`` may go to a partner, now or at its scheduled time.

    The public rule (published, translated) with the date left aside: a
    scheduled story is sent when its time comes (``not_before``), or before it,
    marked, when it carries an embargo the partner accepts.
    """
    del embargo_accepted  # the time is decided by ``_not_before``; the text rule is the same
    return (
        article.status == Article.Status.PUBLISHED
        and article.published_at is not None
        and language in article.translated_languages()
    )


def _not_before(article: Article, subscription: Subscription) -> tuple[datetime, datetime | None]:
    """When a delivery of ``article`` may go, and the embargo it is marked with."""
    embargo = embargo_until(article)
    if embargo is not None and subscription.accepts_embargoed:
        return timezone.now(), embargo
    when = max(article.published_at, embargo) if embargo else article.published_at
    return max(when, timezone.now()), None


def _wanted(subscription: Subscription, article: Article | None, language: str) -> bool:
    if language not in subscription.languages or article is None:
        return False
    sections = {s.pk for s in subscription.sections.all()}
    return not sections or article.section_id in sections


def _update_event(event: ContentChanged) -> str:
    """Hook: a change announced as a correction goes to partners as one."""
    return Event.CORRECTION if str(event.kind) == "corrected" else Event.UPDATE


def deliveries_plan(event: ContentChanged) -> set[int]:
    """Record the deliveries ``event`` calls for; return the subscriptions that have new ones."""
    subscriptions = list(Subscription.objects.filter(is_active=True).prefetch_related("sections"))
    if not subscriptions:
        return set()
    articles = {a.pk: a for a in event.objects}
    if event.kind != Change.DELETED:
        missing = event.pks - set(articles)
        articles |= {a.pk: a for a in Article.objects.filter(pk__in=missing)}
    # What each subscription last got (or waits for) of each article and language.
    last: dict[tuple[int, int, str], tuple[str, str]] = {}
    for sub_id, article_id, language, kind, state in (
        Delivery.objects.filter(article_id__in=event.pks, subscription__in=subscriptions)
        .exclude(state=State.SKIPPED)
        .order_by("pk")
        .values_list("subscription_id", "article_id", "language", "event", "state")
    ):
        last[(sub_id, article_id, language)] = (kind, state)
    new = []
    for subscription in subscriptions:
        for pk in event.pks:
            article = articles.get(pk)
            for language in subscription.languages:
                kind = _planned_event(
                    event,
                    subscription,
                    article,
                    language,
                    last.get((subscription.pk, pk, language)),
                )
                if kind is None:
                    continue
                delivery = Delivery(
                    subscription=subscription, article_id=pk, language=language, event=kind
                )
                if kind != Event.WITHDRAWAL:
                    delivery.not_before, delivery.embargoed_until = _not_before(
                        article, subscription
                    )
                new.append(delivery)
    Delivery.objects.bulk_create(new)
    return {d.subscription_id for d in new}


def _planned_event(event, subscription, article, language, last) -> str | None:
    """What ``subscription`` must get of ``article`` in ``language`` after ``event``, if any."""
    sent = last is not None and last[0] != Event.WITHDRAWAL
    if event.kind in (Change.UNPUBLISHED, Change.DELETED) or article is None:
        return Event.WITHDRAWAL if sent else None
    if event.kind == Change.RECORDED:
        return None
    visible = partner_visible(
        article, language, embargo_accepted=subscription.accepts_embargoed
    ) and _wanted(subscription, article, language)
    if not visible:
        return Event.WITHDRAWAL if sent else None
    if not sent:
        return Event.PUBLISH
    if last[1] == State.PENDING and last[0] == Event.PUBLISH:
        return None  # not sent yet: it is written when it goes, with this change in it
    if language in event.languages:
        return _update_event(event)
    return None


def push_follow(sender, event: ContentChanged, **kwargs) -> None:
    """Follow ``content_changed`` for articles: plan deliveries now, send them after commit."""
    if event.bulk or event.kind == Change.RECORDED:
        return  # bulk loads (the corpus) are not news; recorded translations change nothing
    subscriptions = deliveries_plan(event)
    if subscriptions:
        transaction.on_commit(lambda: subscriptions_kick(subscriptions))


def subscriptions_kick(subscription_ids: Iterable[int]) -> None:
    """Ask the task queue to send each subscription's deliveries (one task per subscription)."""
    from django_q.tasks import async_task

    for pk in sorted(subscription_ids):
        async_task(
            "syndication.tasks.subscription_deliver",
            pk,
            task_name=f"deliver-subscription-{pk}",
            group="syndication",
        )


# --- Sending (in the worker) -----------------------------------------------------------------


def signature(secret: str, body: bytes) -> str:
    """The ``X-Newsroom-Signature`` of ``body``: ``sha256=`` and the hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: doubling from the base, capped."""
    base = settings.NEWSROOM_DELIVERY_RETRY_BASE_SECONDS
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.NEWSROOM_DELIVERY_RETRY_MAX_SECONDS)
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer like any other non-2xx: retried, never followed


_opener = urllib.request.build_opener(_NoRedirects)


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body``; the status code (raises OSError when there is no answer)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=settings.NEWSROOM_DELIVERY_TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _payload_write(delivery: Delivery) -> bool:
    """Write the delivery's body, once; False if the story may no longer go (skipped)."""
    subscription = delivery.subscription
    if delivery.event == Event.WITHDRAWAL:
        item = withdrawal_item(delivery.article_id, delivery.language)
    else:
        article = wire_queryset(Article.objects.filter(pk=delivery.article_id)).first()
        if article is None or not partner_visible(
            article, delivery.language, embargo_accepted=subscription.accepts_embargoed
        ):
            return False
        embargo = embargo_until(article) if subscription.accepts_embargoed else None
        public = Article.objects.public(delivery.language).filter(pk=article.pk).exists()
        if not public and embargo is None:
            # Rescheduled since: it goes at its new time.
            delivery.not_before = article.published_at
            delivery.save(update_fields=["not_before"])
            return True
        item = wire_item(article, delivery.language, embargoed=embargo)
        delivery.embargoed_until = embargo
    delivery.payload, delivery.content_type = item_write(item, subscription.wire_format)
    delivery.save(update_fields=["payload", "content_type", "embargoed_until"])
    return True


def delivery_attempt(delivery: Delivery) -> bool:
    """Send ``delivery`` once and record the attempt; True when the partner took it (2xx)."""
    subscription = delivery.subscription
    body = bytes(delivery.payload)
    headers = {
        "Content-Type": delivery.content_type,
        "User-Agent": USER_AGENT,
        "X-Newsroom-Delivery": str(delivery.delivery_id),
        "X-Newsroom-Event": delivery.event,
        "X-Newsroom-Article": str(delivery.article_id),
        "X-Newsroom-Language": delivery.language,
        "X-Newsroom-Signature": signature(subscription.secret, body),
    }
    if delivery.embargoed_until:
        headers["X-Newsroom-Embargoed-Until"] = delivery.embargoed_until.isoformat()
    started = timezone.now()
    clock = time.monotonic()
    status, error = None, ""
    try:
        status = _post(subscription.url, body, headers)
    except (OSError, ValueError) as problem:  # refused, unreachable, timed out, bad address
        error = str(getattr(problem, "reason", None) or problem)[:1000]
    succeeded = status is not None and 200 <= status < 300
    if status is not None and not succeeded:
        error = f"HTTP {status}"
    DeliveryAttempt.objects.create(
        delivery=delivery,
        started_at=started,
        duration_ms=int((time.monotonic() - clock) * 1000),
        status_code=status,
        error=error,
        succeeded=succeeded,
    )
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_error = error
    if succeeded:
        delivery.state = State.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.NEWSROOM_DELIVERY_MAX_ATTEMPTS:
        delivery.state = State.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    delivery.save()
    return succeeded


def _due(subscription: Subscription):
    return (
        Delivery.objects.filter(
            subscription=subscription, state=State.PENDING, not_before__lte=timezone.now()
        )
        .select_related("subscription")
        .order_by("pk")
    )


def subscription_deliver(subscription_id: int) -> int:
    """Send one subscription's due deliveries in order; stop at the first failure. How many went.

    A lease on the subscription keeps a second worker from sending its queue at
    the same time (which could reorder it); a worker that dies loses the lease
    after ``LEASE``.
    """
    now = timezone.now()
    lease = now + LEASE
    taken = (
        Subscription.objects.filter(pk=subscription_id, is_active=True)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=lease)
    )
    if not taken:
        return 0
    sent = 0
    retry_at = None
    try:
        subscription = Subscription.objects.get(pk=subscription_id)
        while (delivery := _due(subscription).first()) is not None:
            if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
                retry_at = delivery.next_attempt_at
                break  # the head waits for its retry, and the rest wait behind it
            if not delivery.payload:
                if not _payload_write(delivery):
                    delivery.state = State.SKIPPED
                    delivery.save(update_fields=["state"])
                    continue
                if delivery.not_before > timezone.now():
                    continue
            if not delivery_attempt(delivery):
                retry_at = delivery.next_attempt_at
                break
            sent += 1
    finally:
        Subscription.objects.filter(pk=subscription_id, lease_until=lease).update(lease_until=None)
    if retry_at is not None:
        retry_schedule(subscription_id, retry_at)
    return sent


def retry_schedule(subscription_id: int, at: datetime) -> None:
    """Have the queue's scheduler run the subscription again at ``at`` (once)."""
    from django_q.models import Schedule
    from django_q.tasks import schedule

    schedule(
        "syndication.tasks.subscription_deliver",
        subscription_id,
        schedule_type=Schedule.ONCE,
        next_run=at,
        repeats=-1,
    )


def deliveries_due() -> int:
    """Kick every subscription with a delivery due now (the scheduler's sweep, every minute):
    scheduled stories whose time came, retries, queues a dead worker left."""
    now = timezone.now()
    due = set(
        Delivery.objects.filter(state=State.PENDING, not_before__lte=now)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("subscription_id", flat=True)
        .distinct()
    )
    subscriptions_kick(due)
    return len(due)


def delivery_retry_now(deliveries: Iterable[Delivery]) -> int:
    """«Retry now» from the admin: the deliveries go again at once (failed ones too)."""
    pks = [d.pk for d in deliveries if d.state in (State.PENDING, State.FAILED)]
    Delivery.objects.filter(pk__in=pks).update(state=State.PENDING, next_attempt_at=None)
    subscriptions = set(
        Delivery.objects.filter(pk__in=pks).values_list("subscription_id", flat=True)
    )
    transaction.on_commit(lambda: subscriptions_kick(subscriptions))
    return len(pks)
