"""Most read: per-language read counts over the last 24 hours, without cookies or third parties.

A read is counted by a small beacon request the article page sends
(``ReadBeaconView``; an image inside ``<noscript>`` without JavaScript), so it
is counted even when a cache in front of Django (Varnish, a CDN) served the
page. Bots are ignored by their User-Agent, and one client's repeated reads of
an article within ``REPEAT_SECONDS`` count once: the client is a keyed hash of
its address and User-Agent kept in the cache for that long and never stored
anywhere else.

Counts go to the shared cache first (a Redis hash when ``REDIS_URL`` is set,
this process's memory otherwise) and are folded into ``ArticleReads`` (one row
per article, language and hour) at most every ``FOLD_SECONDS``, by whichever
beacon request comes first after that, or by ``manage.py foldreads``. Nothing
needs a cron job. The list is read in one query and is part of the cached
page, so it is as fresh as the page itself.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections import Counter
from datetime import datetime, timedelta
from functools import reduce
from operator import and_

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from redis.exceptions import RedisError

from articles.models import TRANSLATION_REQUIRED, Article, ArticleReads
from newsroom.i18n import LANGUAGE_CODES, reverse_in

#: The period the list covers.
WINDOW = timedelta(hours=24)
#: One client's reads of one article within this many seconds count once.
REPEAT_SECONDS = 30 * 60
#: Counts are folded into the database at most this often.
FOLD_SECONDS = 60
#: Rows older than this are deleted when counts are folded.
KEEP = timedelta(hours=48)
#: Articles in the list.
LIST_SIZE = 5

PENDING_KEY = "newsroom:mostread:pending"
FOLD_KEY = "newsroom:mostread:folded"
SEEN_PREFIX = "newsroom:mostread:seen:"

#: User-Agents that are not readers: crawlers, link previews, monitors, scripts.
BOT = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|fetch|monitor|checker|scan|headless|lighthouse"
    r"|python|curl|wget|httpclient|okhttp|java/|go-http|node-fetch|axios|facebookexternalhit"
    r"|embedly|whatsapp|telegram|skype|pingdom|phantom|selenium|playwright",
    re.IGNORECASE,
)

_local_pending: Counter = Counter()
_local_lock = threading.Lock()


def _redis():
    """The Redis client behind the default cache, or None for a local-memory cache."""
    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        return None
    return client.get_client(write=True)


def client_address(request) -> str:
    """The reader's address: behind the proxies of ``NEWSROOM_TRUSTED_PROXIES`` (Varnish,
    a load balancer), the nearest address in ``X-Forwarded-For`` that is not one of them."""
    address = request.META.get("REMOTE_ADDR", "")
    trusted = settings.NEWSROOM_TRUSTED_PROXIES
    if address not in trusted:
        return address
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
    for hop in reversed(forwarded):
        if hop and hop not in trusted:
            return hop
    return address


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT.search(user_agent))


def _client_key(address: str, user_agent: str, language: str, article_id: int) -> str:
    message = f"{address}\n{user_agent}\n{language}\n{article_id}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return SEEN_PREFIX + digest[:32]


def read_record(
    *, article_id: int, language: str, address: str, user_agent: str, purpose: str = ""
) -> bool:
    """Count one read of ``article_id`` in ``language``; False when it is not counted
    (a bot, a prefetch, the same client again within ``REPEAT_SECONDS``, no cache)."""
    if language not in LANGUAGE_CODES or is_bot(user_agent) or "prefetch" in purpose.lower():
        return False
    if not cache.add(_client_key(address, user_agent, language, article_id), 1, REPEAT_SECONDS):
        return False
    field = f"{language}:{article_id}"
    redis = _redis()
    if redis is None:
        with _local_lock:
            _local_pending[field] += 1
    else:
        try:
            redis.hincrby(cache.make_key(PENDING_KEY), field, 1)
        except RedisError:  # gone since the add() above: this read is not counted
            return False
    if cache.add(FOLD_KEY, 1, FOLD_SECONDS):
        reads_fold()
    return True


def _take_pending() -> Counter:
    """The counts waiting in the cache, removed from it."""
    redis = _redis()
    if redis is None:
        with _local_lock:
            taken = _local_pending.copy()
            _local_pending.clear()
        return taken
    key = cache.make_key(PENDING_KEY)
    pipe = redis.pipeline(transaction=True)
    pipe.hgetall(key)
    pipe.delete(key)
    try:
        pending, _deleted = pipe.execute()
    except RedisError:  # Redis down: the counts wait there for the next fold
        return Counter()
    return Counter({field.decode(): int(count) for field, count in pending.items()})


def reads_fold(now: datetime | None = None) -> int:
    """Add the counts waiting in the cache to this hour's rows; return how many reads."""
    pending = _take_pending()
    if not pending:
        return 0
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    counts: dict[tuple[int, str], int] = {}
    for field, count in pending.items():
        language, _sep, pk = field.partition(":")
        if language in LANGUAGE_CODES and pk.isdigit():
            counts[(int(pk), language)] = counts.get((int(pk), language), 0) + count
    with transaction.atomic():
        known = set(
            Article.objects.filter(pk__in={pk for pk, _ in counts}).values_list("pk", flat=True)
        )
        counts = {key: n for key, n in counts.items() if key[0] in known}
        rows = {
            (row.article_id, row.language): row
            for row in ArticleReads.objects.select_for_update().filter(
                hour=hour, article_id__in=known
            )
        }
        for key, row in rows.items():
            row.count += counts.pop(key, 0)
        ArticleReads.objects.bulk_update(rows.values(), ["count"])
        ArticleReads.objects.bulk_create(
            ArticleReads(article_id=pk, language=language, hour=hour, count=n)
            for (pk, language), n in counts.items()
        )
        ArticleReads.objects.filter(hour__lt=now - KEEP).delete()
    return sum(pending.values())


def _public(language: str, at: datetime) -> Q:
    """``Article.objects.public(language)`` as a condition on the read rows' article."""
    return Q(article__status=Article.Status.PUBLISHED, article__published_at__lte=at) & reduce(
        and_, (Q(**{f"article__{name}_{language}__gt": ""}) for name in TRANSLATION_REQUIRED)
    )


def most_read(language: str, at: datetime) -> list[dict]:
    """The articles most read in ``language`` over the ``WINDOW`` before ``at`` (one query):
    each a dict with its ``title``, ``url`` and ``reads``."""
    rows = (
        ArticleReads.objects.filter(_public(language, at), language=language, hour__gt=at - WINDOW)
        .values("article_id", f"article__title_{language}", f"article__slug_{language}")
        .annotate(reads=Sum("count"))
        .order_by("-reads", "-article_id")[:LIST_SIZE]
    )
    return [
        {
            "title": row[f"article__title_{language}"],
            "url": reverse_in(
                language,
                "articles:detail",
                pk=row["article_id"],
                slug=row[f"article__slug_{language}"],
            ),
            "reads": row["reads"],
        }
        for row in rows
    ]
