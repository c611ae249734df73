"""The generated benchmark corpus (devdata/corpus.py, manage.py generate_corpus)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from articles import caching, revisions, search
from articles.models import Article, Photo, SearchDocument, Tag, TaggedArticle
from devdata import corpus
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_shared(monkeypatch):
    """Fewer shared objects, so that the tests stay quick."""
    monkeypatch.setattr(
        corpus,
        "SHARED_COUNTS",
        {**corpus.SHARED_COUNTS, "people": 40, "tags": 60, "photos": 30, "image_files": 2},
    )


def test_articles_in_three_languages_with_every_state(small_shared):
    stats = corpus.corpus_generate(articles=400, batch_size=150, seed=1)
    assert stats.articles == Article.objects.count() == 400
    assert not Article.objects.filter(title_ar__isnull=True).exists()
    for code in ("ru", "en"):
        translated = Article.objects.exclude(**{f"title_{code}__isnull": True}).count()
        assert 0.3 * 400 < translated < 0.9 * 400  # some, not all, are translated
    states = set(Article.objects.values_list("status", flat=True))
    assert {"draft", "in_review", "published", "unpublished", "archived"} <= states
    assert any(article.is_scheduled for article in Article.objects.filter(status="published"))
    assert Article.objects.public("ar").count() > 300
    # Searchable like articles saved one by one (articles.search.article_index).
    assert SearchDocument.objects.filter(language="ar").count() == 400
    assert search.article_search("الأمم", "ar").exists()
    for document in SearchDocument.objects.select_related("article"):
        # The same text articles.search.article_index() would have written.
        expected = search.normalise(search.document_text(document.article, document.language))
        assert document.document == expected


def test_arabic_bodies_have_the_length_of_real_news(small_shared):
    corpus.corpus_generate(articles=50, seed=2)
    lengths = [len(body) for body in Article.objects.values_list("body_ar", flat=True)]
    assert 1000 < sum(lengths) / len(lengths) < 6000
    assert all(body.startswith("<p>") for body in Article.objects.values_list("body_ar", flat=True))


def test_shared_objects_are_shared_and_made_once(small_shared):
    corpus.corpus_generate(articles=100, seed=3)
    people, tags, photos = Person.objects.count(), Tag.objects.count(), Photo.objects.count()
    assert (people, tags, photos) == (40, 60, 30)
    assert TaggedArticle.objects.count() >= 100  # every article has a tag
    busiest_tag = max(tag.tagged_articles.count() for tag in Tag.objects.all())
    assert busiest_tag > 10  # a long tail: some tags are on many articles
    assert len(set(Photo.objects.values_list("image", flat=True))) == 2
    corpus.corpus_generate(articles=100, seed=4)  # a second run adds articles only
    assert Article.objects.count() == 200
    assert (Person.objects.count(), Tag.objects.count(), Photo.objects.count()) == (40, 60, 30)


def test_generated_articles_have_an_author_and_their_first_revision(small_shared):
    corpus.corpus_generate(articles=20, batch_size=8, seed=7)
    system = get_user_model().objects.get(username="system")
    assert set(Article.objects.values_list("created_by", flat=True)) == {system.pk}
    for article in Article.objects.all():
        version = revisions.article_versions(article).get()  # what the revisions page lists
        assert version.revision.user == system
        # The version is the article as stored: its texts, relations and tags.
        assert version.field_dict["body_ar"] == article.body_ar
        values = revisions.version_values(version)
        assert values["tags"] == sorted(article.tags.values_list("pk", flat=True))
        assert not revisions.values_diff(revisions.article_values(article), values)


def test_generating_makes_cached_pages_stale(small_shared):
    before = caching.content_state()["version"]
    corpus.corpus_generate(articles=5, seed=6)  # announced, one event per batch
    assert caching.content_state()["version"] > before


def test_command_reports_what_it_made(small_shared, capsys):
    call_command("generate_corpus", articles=20, seed=5, no_progress=True)
    assert "Created 20 articles" in capsys.readouterr().out
    assert Article.objects.count() == 20


def set_aside_indexes() -> list[tuple[str, str]]:
    """The indexes the corpus sets aside during a big load (none on SQLite): the GIN
    ones and those of the translation states (by name and columns: PostgreSQL spells
    a rebuilt partial index's condition with other casts)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, split_part(indexdef, ' WHERE ', 1) FROM pg_indexes "
            "WHERE indexdef LIKE %s "
            "OR tablename = 'newsroom_translationstate' ORDER BY 1",
            ["% USING gin %"],
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)  # indexes dropped and built outside a transaction
def test_a_big_load_builds_the_indexes_again(small_shared, monkeypatch):
    monkeypatch.setattr(corpus, "GIN_REBUILD_FROM", 1)
    before = set_aside_indexes()
    corpus.corpus_generate(articles=10, seed=7)
    assert set_aside_indexes() == before
    assert Article.objects.count() == 10


def _corpus_snapshot():
    return [
        (a.title_ar, a.title_ru, a.status, a.section.slug, sorted(p.slug for p in a.people.all()))
        for a in Article.objects.order_by("pk").select_related("section").prefetch_related("people")
    ]


def test_a_seed_gives_the_same_corpus(small_shared):
    """Articles are made in a thread of their own while batches are written; still repeatable."""
    corpus.corpus_generate(articles=40, batch_size=7, seed=9)
    first = _corpus_snapshot()
    for model in (Article, Photo, *corpus.SHARED_MODELS):  # back to an empty database
        model.objects.all().delete()
    corpus.corpus_generate(articles=40, batch_size=7, seed=9)
    assert _corpus_snapshot() == first
    assert len(first) == 40


def test_an_error_while_making_articles_stops_the_load(small_shared, monkeypatch):
    made = corpus.ArticleFactory.article

    def article(self, number):
        if number == 12:
            raise RuntimeError("the maker failed")
        return made(self, number)

    monkeypatch.setattr(corpus.ArticleFactory, "article", article)
    with pytest.raises(RuntimeError, match="the maker failed"):
        corpus.corpus_generate(articles=40, batch_size=5, seed=9)
    # The batches before the failing one are whole; nothing of it was written.
    assert Article.objects.count() == 10
    assert SearchDocument.objects.exclude(article__in=Article.objects.all()).count() == 0
