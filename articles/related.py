"""Related stories under an article: what shares its people, organisations or tags.

One query whatever the archive's size: the newest public articles sharing a
person, an organisation or a tag with the article (each read from one index of
its link table), then, when they are fewer than ``RELATED_MIN``, the newest of its
section, then of the whole site, to make up the number; each group is a limited
subquery, so the outer query sorts eleven rows at most. The photos of the article and of its related
stories then come in one more query (``page_photos_fetch``).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, IntegerField, Q, Value, When, prefetch_related_objects

from articles.models import Article, TaggedArticle

#: How many related stories an article shows at most, and at least when its section has them.
RELATED_MAX = 5
RELATED_MIN = 3


def related_articles(article: Article, language: str, *, at: datetime) -> list[Article]:
    """Up to ``RELATED_MAX`` public articles in ``language`` related to ``article``: those sharing
    its subjects first, then (to make up ``RELATED_MIN``) its section's, then the site's,
    each group newest first. ``article`` comes with its people, organisations and tags prefetched
    (``for_detail``); the photos' renditions are left to ``page_photos_fetch``."""
    people = [person.pk for person in article.people.all()]
    organisations = [organisation.pk for organisation in article.organisations.all()]
    tags = [tag.pk for tag in article.tags.all()]
    candidates = Article.objects.public(language, at=at).exclude(pk=article.pk)
    newest = ("-published_at", "-pk")
    shared = Q(pk__in=[])
    if people:
        through = Article.people.through.objects.filter(person_id__in=people)
        shared |= Q(pk__in=through.values("article_id"))
    if organisations:
        through = Article.organisations.through.objects.filter(organisation_id__in=organisations)
        shared |= Q(pk__in=through.values("article_id"))
    if tags:
        shared |= Q(pk__in=TaggedArticle.objects.filter(tag_id__in=tags).values("content_object"))
    sharing = candidates.filter(shared).order_by(*newest).values("pk")[:RELATED_MAX]
    same_section = (
        candidates.filter(section_id=article.section_id).order_by(*newest).values("pk")
    )[:RELATED_MIN]
    latest = candidates.order_by(*newest).values("pk")[:RELATED_MIN]
    whens = [When(pk__in=sharing, then=Value(2))]
    if article.section_id:
        whens.append(When(section_id=article.section_id, then=Value(1)))
    rank = Case(*whens, default=Value(0), output_field=IntegerField())
    found = list(
        Article.objects.filter(Q(pk__in=sharing) | Q(pk__in=same_section) | Q(pk__in=latest))
        .for_listing()
        .prefetch_related(None)  # the photos come with the article's own (page_photos_fetch)
        .annotate(rank=rank)
        .order_by("-rank", *newest)[:RELATED_MAX]
    )
    sharing_count = sum(a.rank == 2 for a in found)
    # The section's and the site's newest only make up the number, never push out a
    # story that shares a subject.
    return found[: max(sharing_count, min(RELATED_MIN, len(found)))]


def page_photos_fetch(article: Article, related: list[Article]) -> None:
    """The renditions of the article's photo and of its related stories', in one query."""
    photos = [a.lead_photo for a in (article, *related) if a.lead_photo_id]
    prefetch_related_objects(photos, "renditions")
