"""A realistic generated corpus for load tests and query plans.

The text is made from the seed article's own paragraphs and words (Arabic) and
from the demo translations (Russian, English), so pages have the length and
script mix of real news without any download. Everything is written with
``bulk_create`` in batches; the people, organisations, sources, sections, tags
and photos are shared by many articles with a long-tail popularity, the way a
newsroom's archive is. Each article is credited to the system account, with the
first revision a save would have kept.
"""

from __future__ import annotations

import io
import json
import queue
import random
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from reversion.models import Revision, Version

from articles.models import (
    Article,
    Photo,
    PhotoCredit,
    SearchDocument,
    Section,
    Source,
    Tag,
    TaggedArticle,
)
from articles.search import document_build, normalise
from devdata.demo import PARAGRAPHS_EN, PARAGRAPHS_RU, parse_seed
from newsroom.events import Change, content_announce
from newsroom.models import TranslationState
from newsroom.roles import system_user
from newsroom.translation_states import translation_states_build, translation_states_rebuild
from people.models import Organisation, Person

#: How many shared objects a corpus has, whatever its number of articles.
SHARED_COUNTS = {
    "sections": 8,
    "sources": 12,
    "credits": 10,
    "organisations": 80,
    "people": 500,
    "tags": 800,
    "photos": 2000,
    "image_files": 6,
}

#: The shared objects' models (the translatable ones besides Article).
SHARED_MODELS = (Organisation, Person, Section, Source, Tag, PhotoCredit, Photo)

#: Share of articles in each state (the rest are published in the past).
DRAFT_SHARE = 0.06
IN_REVIEW_SHARE = 0.03
UNPUBLISHED_SHARE = 0.01
ARCHIVED_SHARE = 0.01
SCHEDULED_SHARE = 0.01
#: Share of articles translated into each language besides Arabic.
TRANSLATED_SHARE = {"ru": 0.55, "en": 0.7}
#: The archive spans this many days back from now.
ARCHIVE_DAYS = 6 * 365

SLUG_PREFIX = "corpus"
#: From this many articles on, GIN indexes are built once after the load (PostgreSQL).
GIN_REBUILD_FROM = 20_000


@dataclass
class CorpusStats:
    """What one run created."""

    articles: int = 0
    links: int = 0
    shared: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Texts:
    """The raw material the generator writes with, per language."""

    paragraphs: dict[str, list[str]]
    words: dict[str, list[str]]

    @classmethod
    def load(cls) -> Texts:
        """Paragraphs and words of the seed article and its demo translations."""
        seed = parse_seed()
        paragraphs = {"ar": seed.paragraphs, "ru": PARAGRAPHS_RU, "en": PARAGRAPHS_EN}
        words = {
            code: sorted({w for p in texts for w in re.findall(r"\w{3,}", p) if not w.isdigit()})
            for code, texts in paragraphs.items()
        }
        return cls(paragraphs=paragraphs, words=words)


class Writer:
    """Makes titles, paragraphs and names in one language from its word list."""

    def __init__(self, texts: Texts, rng: random.Random) -> None:
        self.texts = texts
        self.rng = rng

    def phrase(self, language: str, low: int, high: int) -> str:
        """A run of ``low``–``high`` words."""
        return " ".join(self.rng.choices(self.texts.words[language], k=self.rng.randint(low, high)))

    def sentence(self, language: str) -> str:
        """A made-up sentence of 10–24 words."""
        return self.phrase(language, 10, 24) + "."

    def paragraph(self, language: str) -> str:
        """Either a real paragraph of the seed or 2–4 made-up sentences."""
        if self.rng.random() < 0.5:
            return self.rng.choice(self.texts.paragraphs[language])
        return " ".join(self.sentence(language) for _ in range(self.rng.randint(2, 4)))

    def paragraphs(self, language: str) -> list[str]:
        """The plain paragraphs of a body: 4–9 of them (about 2,000–5,000 characters)."""
        return [self.paragraph(language) for _ in range(self.rng.randint(4, 9))]


def body_html(paragraphs: list[str]) -> str:
    """Plain paragraphs as body HTML (what the admin's editor stores)."""
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def search_document(title: str, standfirst: str, paragraphs: list[str]) -> str:
    """``normalise(document_text(article))`` of these parts, made the fast way.

    ``articles.search`` parses the body's HTML back and folds every letter;
    for a hundred thousand articles that would take longer than writing them.
    The text is the same without the HTML, and folding works word by word, so
    each distinct word is folded once (tests check the result is identical).
    """
    words = " ".join([title, standfirst, "".join(paragraphs)]).split()
    return " ".join(_normalised_word(word) for word in words)


_normalised_word = lru_cache(maxsize=100_000)(normalise)


def _popular(rng: random.Random, items: Sequence, weights: Sequence[float], k: int) -> list:
    """``k`` distinct items, the popular ones more often (a long tail)."""
    chosen: dict[int, object] = {}
    for item in rng.choices(items, weights=weights, k=k * 2):
        chosen.setdefault(item.pk, item)
        if len(chosen) == k:
            break
    return list(chosen.values())


def _long_tail(n: int) -> list[float]:
    """Zipf-like weights: the first item is chosen far more often than the last."""
    return [1 / (rank + 1) for rank in range(n)]


def _upsert_many(model, rows: list, slug_field: str = "slug") -> list:
    """Insert shared rows that are missing (by slug) and return them all from the database."""
    model.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    slugs = [getattr(row, slug_field) for row in rows]
    found = model.objects.in_bulk(slugs, field_name=slug_field)
    return [found[slug] for slug in slugs if slug in found]


def _image_bytes(index: int) -> bytes:
    """A generated 1200×675 JPEG: a two-colour gradient, different for each index."""
    from PIL import Image

    rng = random.Random(index)  # noqa: S311 - made-up pictures, not secrets
    top = tuple(rng.randrange(40, 200) for _ in range(3))
    bottom = tuple(rng.randrange(40, 200) for _ in range(3))
    gradient = Image.linear_gradient("L").resize((1200, 675))
    image = Image.composite(
        Image.new("RGB", (1200, 675), top), Image.new("RGB", (1200, 675), bottom), gradient
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def shared_objects_build(writer: Writer) -> dict[str, list]:
    """Create (or find from an earlier run) the shared objects the articles point to."""
    rng, counts = writer.rng, SHARED_COUNTS
    organisations = _upsert_many(
        Organisation,
        [
            Organisation(
                slug=f"{SLUG_PREFIX}-org-{i}",
                kind=rng.choice(Organisation.Kind.values),
                name_ar=writer.phrase("ar", 2, 4),
                name_ru=writer.phrase("ru", 2, 4),
                name_en=writer.phrase("en", 2, 4).title(),
                description_ar=writer.sentence("ar"),
            )
            for i in range(counts["organisations"])
        ],
    )
    people = _upsert_many(
        Person,
        [
            Person(
                slug=f"{SLUG_PREFIX}-person-{i}",
                name_ar=writer.phrase("ar", 2, 3),
                name_ru=writer.phrase("ru", 2, 2).title() if rng.random() < 0.8 else "",
                name_en=writer.phrase("en", 2, 2).title() if rng.random() < 0.9 else "",
                role_ar=writer.phrase("ar", 3, 7),
                role_en=writer.phrase("en", 3, 6),
                bio_ar=f"<p>{escape(writer.sentence('ar'))}</p>",
                organisation=rng.choice(organisations),
            )
            for i in range(counts["people"])
        ],
    )
    sections = _upsert_many(
        Section,
        [
            Section(
                slug=f"{SLUG_PREFIX}-section-{i}",
                position=i,
                name_ar=writer.phrase("ar", 1, 2),
                name_ru=writer.phrase("ru", 1, 1).title(),
                name_en=writer.phrase("en", 1, 1).title(),
            )
            for i in range(counts["sections"])
        ],
    )
    sources = _upsert_many(
        Source,
        [
            Source(
                slug=f"{SLUG_PREFIX}-source-{i}",
                name_ar=writer.phrase("ar", 1, 2),
                name_ru=writer.phrase("ru", 1, 1).upper(),
                name_en=writer.phrase("en", 1, 1).upper(),
                organisation=rng.choice(organisations),
            )
            for i in range(counts["sources"])
        ],
    )
    tags = _upsert_many(Tag, _tags_build(writer, counts["tags"]))
    credits = list(PhotoCredit.objects.filter(name_en__startswith=f"{SLUG_PREFIX} "))
    if not credits:
        credits = PhotoCredit.objects.bulk_create(
            PhotoCredit(
                name_ar=writer.phrase("ar", 2, 3),
                name_ru=writer.phrase("ru", 2, 3),
                name_en=f"{SLUG_PREFIX} {writer.phrase('en', 2, 3)}",
                organisation=rng.choice(organisations),
            )
            for _ in range(counts["credits"])
        )
    return {
        "organisations": organisations,
        "people": people,
        "sections": sections,
        "sources": sources,
        "tags": tags,
        "photos": _photos_build(writer, credits),
    }


def _tags_build(writer: Writer, count: int) -> list[Tag]:
    """Tags with names unique in each language (case-insensitively)."""
    seen: dict[str, set[str]] = {"ar": set(), "ru": set(), "en": set()}
    tags = []
    for i in range(count):
        names = {}
        for code in seen:
            name = writer.phrase(code, 1, 3)
            while name.lower() in seen[code]:
                name = writer.phrase(code, 2, 3)
            seen[code].add(name.lower())
            names[f"name_{code}"] = name
        tags.append(Tag(slug=f"{SLUG_PREFIX}-tag-{i}", **names))
    return tags


def _photos_build(writer: Writer, credits: list[PhotoCredit]) -> list[Photo]:
    """Photo rows sharing a few generated image files."""
    existing = list(Photo.objects.filter(image__startswith=f"photos/{SLUG_PREFIX}/"))
    if existing:
        return existing
    names = []
    for index in range(SHARED_COUNTS["image_files"]):
        name = f"photos/{SLUG_PREFIX}/image-{index}.jpg"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(_image_bytes(index)))
        names.append(name)
    rng = writer.rng
    return Photo.objects.bulk_create(
        (
            Photo(
                image=rng.choice(names),
                width=1200,
                height=675,
                caption_ar=writer.phrase("ar", 4, 10),
                caption_ru=writer.phrase("ru", 4, 10) if rng.random() < 0.5 else "",
                caption_en=writer.phrase("en", 4, 10) if rng.random() < 0.7 else "",
                alt_text_ar=writer.phrase("ar", 3, 8),
                alt_text_en=writer.phrase("en", 3, 8),
                credit=rng.choice(credits),
            )
            for _ in range(SHARED_COUNTS["photos"])
        ),
        batch_size=500,
    )


class ArticleFactory:
    """Builds unsaved articles and their links to the shared objects."""

    def __init__(self, writer: Writer, shared: dict[str, list], run: str, author=None) -> None:
        self.writer = writer
        self.shared = shared
        self.run = run
        self.author = author  # who the articles are credited to
        self.weights = {name: _long_tail(len(items)) for name, items in shared.items()}
        self.now = timezone.now()

    def status_and_date(self) -> tuple[str, object]:
        """A state drawn with the corpus's shares, and a matching publication date."""
        rng, status = self.writer.rng, Article.Status
        roll = rng.random()
        past = self.now - timedelta(seconds=rng.randrange(60, ARCHIVE_DAYS * 86400))
        for share, state, when in (
            (DRAFT_SHARE, status.DRAFT, None),
            (IN_REVIEW_SHARE, status.IN_REVIEW, None),
            (UNPUBLISHED_SHARE, status.UNPUBLISHED, past),
            (ARCHIVED_SHARE, status.ARCHIVED, past),
            (SCHEDULED_SHARE, status.PUBLISHED, self.now + timedelta(hours=rng.randint(1, 240))),
        ):
            if roll < share:
                return state, when
            roll -= share
        return status.PUBLISHED, past

    def article(self, number: int) -> Article:
        """One unsaved article, always in Arabic, often in Russian and English."""
        writer, rng = self.writer, self.writer.rng
        status, published_at = self.status_and_date()
        fields, texts = {}, {}
        for code in ("ar", "ru", "en"):
            if code != "ar" and rng.random() >= TRANSLATED_SHARE[code]:
                continue
            title, standfirst = writer.phrase(code, 6, 13), writer.sentence(code)
            paragraphs = writer.paragraphs(code)
            fields |= {
                f"title_{code}": title,
                f"slug_{code}": f"{'-'.join(title.split()[:6])}-{self.run}{number}".lower(),
                f"standfirst_{code}": standfirst,
                f"body_{code}": body_html(paragraphs),
            }
            texts[code] = search_document(title, standfirst, paragraphs)
        article = Article(
            status=status,
            published_at=published_at,
            created_by=self.author,
            section=rng.choices(self.shared["sections"], self.weights["sections"])[0],
            source=rng.choices(self.shared["sources"], self.weights["sources"])[0],
            lead_photo=(
                rng.choices(self.shared["photos"], self.weights["photos"])[0]
                if rng.random() < 0.85
                else None
            ),
            **fields,
        )
        article.corpus_documents = texts  # written with the batch
        article.corpus_links = (  # drawn now, written once the article has its id
            _popular(rng, self.shared["people"], self.weights["people"], rng.randint(0, 4)),
            _popular(
                rng, self.shared["organisations"], self.weights["organisations"], rng.randint(0, 3)
            ),
            _popular(rng, self.shared["tags"], self.weights["tags"], rng.randint(1, 5)),
        )
        return article

    def links(self, article: Article) -> tuple[list, list, list]:
        """Through rows: the people, organisations and tags of one saved article."""
        people, organisations, tags = article.corpus_links
        return (
            [Article.people.through(article_id=article.pk, person_id=p.pk) for p in people],
            [
                Article.organisations.through(article_id=article.pk, organisation_id=o.pk)
                for o in organisations
            ],
            [TaggedArticle(content_object_id=article.pk, tag_id=t.pk) for t in tags],
        )


def corpus_generate(
    *,
    articles: int,
    batch_size: int = 1000,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> CorpusStats:
    """Create ``articles`` generated articles (and the shared objects, once) in batches."""
    rng = random.Random(seed)  # noqa: S311 - made-up content, not secrets
    writer = Writer(Texts.load(), rng)
    run = f"{rng.randrange(16**6):06x}-"  # keeps slugs unique when the command runs again
    stats = CorpusStats()
    with translation.override("ar"):  # modeltranslation's original fields follow Arabic
        with transaction.atomic():
            shared = shared_objects_build(writer)
            for objects in shared.values():
                content_announce(
                    model=type(objects[0]),
                    pks=[obj.pk for obj in objects],
                    kind=Change.CREATED,
                    bulk=True,
                )
        stats.shared = {name: len(items) for name, items in shared.items()}
        factory = ArticleFactory(writer, shared, run, author=system_user())
        with _indexes_set_aside(articles >= GIN_REBUILD_FROM):
            for batch in _batches_made(factory, articles, batch_size):
                stats.links += _batch_write(factory, batch)
                stats.articles += len(batch)
                if progress:
                    progress(len(batch))
        # The shared objects' translation states, at once (written in bulk, above).
        translation_states_rebuild(SHARED_MODELS)
    return stats


@contextmanager
def _indexes_set_aside(wanted: bool) -> Iterator[None]:
    """On PostgreSQL, drop the indexes that cost most to update row by row and build
    them again after: the GIN indexes of the articles and search documents, and the
    translation states' own (not those of a constraint).

    Full-text and trigram indexes cost far more to update row by row than to
    build once: the usual way to bulk-load. Their definitions are read back
    from the catalogue, so whatever the migrations made is made again.
    """
    if not wanted or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND ((tablename = ANY(%s) AND indexdef LIKE %s) OR (tablename = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint WHERE conname = indexname)))",
            [
                [Article._meta.db_table, SearchDocument._meta.db_table],
                "% USING gin %",
                TranslationState._meta.db_table,
            ],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # A one-off maintenance build: no statement timeout (the site's
            # bound is for requests), and memory enough to sort in one pass.
            cursor.execute("SET statement_timeout = 0")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET statement_timeout")
            cursor.execute("RESET maintenance_work_mem")


def _search_documents_insert(documents: list[tuple[int, str, str]]) -> None:
    """Insert search documents with their ``tsvector`` in one statement (PostgreSQL).

    The same rows as ``articles.search.document_build()``; but an expression per
    row through ``bulk_create`` cost the load forty seconds of Python at
    100,000 articles, where PostgreSQL unnesting three arrays costs nothing.
    """
    if not documents:
        return
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, language, document, vector) "  # noqa: S608 - our table name
            "SELECT article_id, language, document, "
            "to_tsvector('simple'::regconfig, COALESCE(document, '')) "
            "FROM unnest(%s::bigint[], %s::varchar[], %s::text[]) "
            "AS t(article_id, language, document)",
            [list(column) for column in zip(*documents, strict=True)],
        )


def _batches_made(factory: ArticleFactory, articles: int, size: int) -> Iterator[list[Article]]:
    """The unsaved articles, ``size`` at a time, made in a thread of their own.

    Making a batch is Python work and writing one is mostly waiting for the
    database, so the next batch is made while the last one is written: at
    100,000 articles the load takes the longer of the two, not their sum.
    Only this thread draws random numbers, so a seed still gives one corpus.
    """
    made: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def make() -> None:
        try:
            with translation.override("ar"):  # as in corpus_generate: this thread's own
                for start in range(0, articles, size):
                    if stop.is_set():
                        return
                    numbers = range(start, min(start + size, articles))
                    made.put(("batch", [factory.article(n) for n in numbers]))
            made.put(("end", None))
        except BaseException as error:  # handed to the writing thread, which raises it
            made.put(("error", error))

    maker = threading.Thread(target=make, name="corpus-maker", daemon=True)
    maker.start()
    try:
        while True:
            kind, value = made.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        while maker.is_alive():  # unblock a maker waiting to hand over a batch
            with suppress(queue.Empty):
                made.get(timeout=0.1)
        maker.join()


@transaction.atomic
def _batch_write(factory: ArticleFactory, articles: list[Article]) -> int:
    """Write one batch of articles and their links; return the number of links."""
    if connection.vendor == "postgresql":
        # A lost batch after a crash is harmless here (rerun the command), so
        # don't wait for the WAL flush of every batch.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    batch = Article.objects.bulk_create(articles)
    people, organisations, tags = [], [], []
    for article in batch:
        p, o, t = factory.links(article)
        people += p
        organisations += o
        tags += t
    Article.people.through.objects.bulk_create(people)
    Article.organisations.through.objects.bulk_create(organisations)
    TaggedArticle.objects.bulk_create(tags)
    _first_revisions_write(batch, tags, factory.author)
    # What articles.search.search_follow() writes after a save, in bulk.
    documents = [
        (article.pk, code, document)
        for article in batch
        for code, document in article.corpus_documents.items()
    ]
    if connection.vendor == "postgresql":
        _search_documents_insert(documents)
    else:
        SearchDocument.objects.bulk_create(
            document_build(Article(pk=pk), code, document) for pk, code, document in documents
        )
    # What newsroom.translation_states follows a save with: the status of each article.
    TranslationState.objects.bulk_create(translation_states_build(batch), batch_size=2000)
    # One announcement for the batch; its search documents and states are written above.
    content_announce(model=Article, pks=[a.pk for a in batch], kind=Change.CREATED, bulk=True)
    return len(people) + len(organisations) + len(tags)


def _first_revisions_write(articles: list[Article], tagged: list[TaggedArticle], author) -> None:
    """What django-reversion keeps of an article's first save, in bulk: a revision per
    article, with the article's version and its tags' (what the revisions page reads)."""
    comment = gettext("Generated for the benchmark corpus")
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        [Revision(date_created=now, user=author, comment=comment) for _article in articles]
    )
    revision_of = {a.pk: revision for a, revision in zip(articles, revisions, strict=True)}
    article_of = {article.pk: article for article in articles}
    tag_of = {tag.pk: tag for article in articles for tag in article.corpus_links[2]}
    for row in tagged:  # for its text (object_repr) without a query
        row.content_object, row.tag = article_of[row.content_object_id], tag_of[row.tag_id]
    columns = [field.name for field in Article._meta.concrete_fields]
    dumped = serializers.serialize("python", articles, fields=columns)
    for article, dump in zip(articles, dumped, strict=True):  # the relations, as drawn
        people, organisations, _tags = article.corpus_links
        dump["fields"]["people"] = [person.pk for person in people]
        dump["fields"]["organisations"] = [organisation.pk for organisation in organisations]
    dumped += serializers.serialize("python", tagged)
    content_types = ContentType.objects.get_for_models(Article, TaggedArticle)
    Version.objects.bulk_create(
        [
            Version(
                revision=revision_of[getattr(obj, "content_object_id", obj.pk)],
                object_id=str(obj.pk),
                content_type=content_types[type(obj)],
                db=DEFAULT_DB_ALIAS,
                format="json",
                serialized_data=json.dumps([dump], cls=DjangoJSONEncoder, ensure_ascii=False),
                object_repr=str(obj),
            )
            for obj, dump in zip([*articles, *tagged], dumped, strict=True)
        ],
        batch_size=1000,
    )
