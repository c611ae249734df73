"""Search: Arabic-normalised documents per language, PostgreSQL full-text search or a fallback.

Documents and queries go through the same ``normalise()`` so a reader who
types without diacritics or hamza still finds the article. On PostgreSQL the
``simple`` text-search configuration (no stemming, so it serves all three
languages alike; query words match as prefixes) runs over each document's
stored ``tsvector`` and its GIN index (migration 0009); other databases
match every query word as a substring of the normalised document.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import Value
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import LANGUAGE_CODES, Article, ArticleQuerySet, SearchDocument
from newsroom.events import Change, ContentChanged

#: Arabic diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) and tatweel.
IGNORED = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
IGNORED_RE = re.compile(f"[{IGNORED}]")
#: Letters folded into one: hamza-carrying alefs into bare alef, alef maqsura into ya,
#: ta marbuta into ha.
FOLDED = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
FOLD_TABLE = str.maketrans(FOLDED)
#: For highlighting: each folded letter matches any letter folded into it.
EQUIVALENTS = {
    target: "".join([target, *(k for k, v in FOLDED.items() if v == target)])
    for target in set(FOLDED.values())
}
WORD_RE = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Fold text for matching: lower case, no diacritics or tatweel, one form of alef, ya, ha."""
    text = unicodedata.normalize("NFC", text).casefold()
    return IGNORED_RE.sub("", text).translate(FOLD_TABLE)


def query_words(query: str) -> list[str]:
    """The normalised words of a reader's query (at most ten)."""
    return WORD_RE.findall(normalise(query))[:10]


#: The longest search query a page is made (and cached) for, in characters.
QUERY_LENGTH = 200


def query_clean(text: str) -> str:
    """What the reader typed, trimmed to ``QUERY_LENGTH``; empty when it holds no word to search."""
    query = text.strip()[:QUERY_LENGTH]
    # Punctuation, a lone tatweel or diacritics alone ("!", "،", "ـ") match nothing:
    # the page asks for a word rather than reporting "0 articles found for “!”".
    return query if query_words(query) else ""


def document_text(article: Article, language: str) -> str:
    """The plain text of an article in ``language`` that search reads."""
    parts = [getattr(article, f"{name}_{language}") or "" for name in ("title", "standfirst")]
    parts.append(html.unescape(strip_tags(getattr(article, f"body_{language}") or "")))
    return " ".join(" ".join(parts).split())


def document_build(article: Article, language: str, document: str) -> SearchDocument:
    """A search document row, with its ``tsvector`` made by the database on insert (PostgreSQL)."""
    vector = None
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        vector = SearchVector(Value(document), config="simple")
    return SearchDocument(article=article, language=language, document=document, vector=vector)


def article_index(article: Article, languages: Iterable[str] = LANGUAGE_CODES) -> None:
    """Rewrite the article's search documents in ``languages``, one per language with text."""
    languages = [code for code in LANGUAGE_CODES if code in languages]
    documents = [
        document_build(article, code, normalise(text))
        for code in languages
        if (text := document_text(article, code))
    ]
    SearchDocument.objects.filter(article=article, language__in=languages).delete()
    SearchDocument.objects.bulk_create(documents)


def search_follow(sender, event: ContentChanged, **kwargs) -> None:
    """Follow ``newsroom.events.content_changed``: index the written articles' languages touched."""
    if event.bulk or event.kind in (Change.DELETED, Change.RECORDED):
        return  # a bulk load writes its own documents; a deletion takes them along
    for article in event.objects:
        article_index(article, event.languages)


def article_search(query: str, language: str, *, at: datetime | None = None) -> ArticleQuerySet:
    """Public articles in ``language`` (by ``at``, default now) matching every word of
    ``query``, newest first."""
    words = query_words(query)
    articles = Article.objects.public(language, at=at).for_listing()
    if not words:
        return articles.none()
    documents = SearchDocument.objects.filter(language=language)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        # Every word as a prefix ("лавров" finds "лаврова"): a little of the
        # stemming that one configuration for three languages cannot do. The
        # words are \w+ runs, so they cannot break the tsquery syntax.
        prefixes = " & ".join(f"{word}:*" for word in words)
        documents = documents.filter(
            vector=SearchQuery(prefixes, config="simple", search_type="raw")
        )
    else:
        for word in words:
            documents = documents.filter(document__contains=word)
    return articles.filter(pk__in=documents.values("article_id"))


def _word_pattern(word: str) -> str:
    """A regex matching ``word`` in unnormalised text (any diacritics, hamza or tatweel)."""
    letters = (f"[{re.escape(EQUIVALENTS.get(c, c))}]" for c in word)
    return f"[{IGNORED}]*".join(letters)


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with every match of a query word wrapped in ``<mark>``."""
    words = query_words(query)
    if not text or not words:
        return escape(text or "")
    pattern = re.compile(
        "|".join(_word_pattern(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    pieces, end = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[end : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        end = match.end()
    pieces.append(escape(text[end:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
