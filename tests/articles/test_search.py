import pytest
from django.db import connection

from articles.models import Article, SearchDocument
from articles.search import article_search, highlight, normalise
from articles.workflow import article_save
from newsroom.exchange import export_po, translations_import
from tests.builders import article_build
from tests.newsroom.test_exchange import edited_po
from tests.pages import parse

pytestmark = pytest.mark.django_db

TITLE = "لافروف وغوتيريش يبحثان إمكانيات الأمم المتحدة في قره باغ"
BODY = "<p>وَقَالَتْ المتحدثة الرسمية بِاسْمِ وزارة الخارجيّة إنّ الأمـــم ستبقى مع أذربيجان.</p>"


@pytest.fixture
def article():
    return article_build(
        title_ar=TITLE,
        body_ar=BODY,
        title_en="Lavrov and Guterres discuss Karabakh",
        body_en="<p>The UN&#39;s role.</p>",
        slug_en="lavrov-guterres",
    )


def test_normalise_removes_diacritics_and_tatweel_and_folds_letters():
    assert normalise("وَقَالَتْ") == "وقالت"
    assert normalise("الأمـــم") == "الامم"
    assert normalise("إمكانيات آمال أحمد") == "امكانيات امال احمد"
    assert normalise("مستشفى") == "مستشفي"
    assert normalise("الخارجيّة") == "الخارجيه"
    assert normalise("Lavrov ЛАВРОВ") == "lavrov лавров"


def test_documents_are_stored_normalised_per_translated_language(article):
    documents = dict(
        SearchDocument.objects.filter(article=article).values_list("language", "document")
    )
    assert set(documents) == {"ar", "en"}
    assert "امكانيات الامم" in documents["ar"]
    assert "<p>" not in documents["ar"]
    assert "the un's role" in documents["en"]


def test_documents_follow_edits(article):
    article.title_ar = "عنوان جديد تماما"
    article_save(article=article, user=None, changed={"title_ar"})
    assert list(article_search("جديد", "ar")) == [article]
    assert list(article_search("غوتيريش", "ar")) == []


@pytest.mark.parametrize(
    "query",
    [
        "إمكانيات",  # as written
        "امكانيات",  # without hamza
        "الامم المتحدة",  # two words, no hamza
        "الأُمَم",  # with diacritics the document does not have
        "الأمم",  # the body's tatweel-stretched word
        "الخارجية",  # ta marbuta and the shadda of the document
        "الخارجيه",  # ha for ta marbuta
        "وقالت",  # without the document's diacritics
        "اذربيجان",
    ],
)
def test_arabic_search_with_and_without_diacritics_and_hamza(article, query):
    assert list(article_search(query, "ar")) == [article]


def test_search_in_english_is_case_insensitive(article):
    assert list(article_search("LAVROV karabakh", "en")) == [article]


def test_search_needs_every_word(article):
    assert list(article_search("لافروف بوتين", "ar")) == []


def test_search_is_per_language(article):
    assert list(article_search("Lavrov", "ar")) == []
    assert list(article_search("لافروف", "en")) == []


@pytest.mark.parametrize("status", ["draft", "unpublished", "archived"])
def test_search_finds_only_public_articles(status):
    article_build(title_ar="خبر سري عن الميزانية", status=status)
    assert list(article_search("الميزانية", "ar")) == []


def test_empty_query_finds_nothing(article):
    assert list(article_search("  ", "ar")) == []
    assert list(article_search("؟!", "ar")) == []


def test_highlight_marks_matches_in_the_original_text():
    assert highlight("الأُمَم المتحدة", "الامم") == "<mark>الأُمَم</mark> المتحدة"
    assert highlight("<b>Lavrov</b>", "lavrov") == "&lt;b&gt;<mark>Lavrov</mark>&lt;/b&gt;"
    assert highlight("وزارة الخارجيّة", "الخارجيه") == "وزارة <mark>الخارجيّة</mark>"


def test_search_page_highlights_results(client, article):
    response = client.get("/ar/search/", {"q": "امكانيات"})
    assert response.status_code == 200
    page = parse(response)
    assert [m.text for m in page.cssselect(".teaser-title mark")] == ["إمكانيات"]
    assert page.cssselect("#site-search")[0].get("value") == "امكانيات"


def test_search_page_without_query(client, article):
    page = parse(client.get("/en/search/"))
    assert page.cssselect(".teaser") == []


@pytest.mark.parametrize(
    "raw",
    [
        "",  # «بحث» pressed with nothing typed
        "+",
        "%20%20",
        "%D8%8C",  # Arabic comma
        "%D9%80",  # a lone tatweel
        "%D9%8E%D9%91",  # diacritics alone
        "%CC%81",  # a combining accent alone
        "!",
        "-",
        "%D8%9F!",  # Arabic question mark
        "%FF%FE",  # not UTF-8
    ],
)
def test_a_search_without_a_word_asks_for_one(client, article, raw):
    response = client.get(f"/ar/search/?q={raw}")
    assert response.status_code == 200
    page = parse(response)
    assert page.cssselect("main p")[0].text == "اكتب ما تبحث عنه في مربع البحث."
    assert page.cssselect(".search-summary, .teaser") == []
    assert page.cssselect("#site-search")[0].get("value") == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_searches_stored_vectors_with_a_gin_index(article):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_searchdocument_vector_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (vector)" in definition
    # Every saved article's documents carry their vector, made on insert.
    documents = SearchDocument.objects.filter(article=article)
    assert documents.exists()
    assert not documents.filter(vector__isnull=True).exists()
    sql = str(article_search("امكانيات", "ar").query)
    assert '"vector" @@' in sql
    assert "to_tsvector" not in sql  # no document is parsed again at query time
    assert list(article_search("امكانيات", "ar")) == [article]


def test_a_word_finds_its_longer_forms():
    article = article_build(
        title_ru="Встреча Лаврова и Гутерриша", body_ru="<p>Текст.</p>", slug_ru="vstrecha"
    )
    assert list(article_search("лавров", "ru")) == [article]
    assert list(article_search("Лавров Гутерриш", "ru")) == [article]


def test_query_syntax_is_just_text(article):
    assert list(article_search("Lavrov & | ! :* ( ' \\", "en")) == [article]


@pytest.fixture
def five_matches(monkeypatch):
    """Five articles about Karabakh, a count limit of three and two results a page."""
    from articles.pagination import SearchPaginator
    from articles.views import SearchView

    monkeypatch.setattr(SearchPaginator, "COUNT_LIMIT", 3)
    monkeypatch.setattr(SearchView, "paginate_by", 2)
    for n in range(5):
        article_build(
            title_en=f"Karabakh talks, day {n}", body_en="<p>Talks.</p>", slug_en=f"talks-{n}"
        )


def _summary_and_pages(client, url):
    page = parse(client.get(url))
    summary = page.cssselect(".search-summary")[0].text_content()
    pages = [span.text_content() for span in page.cssselect(".pagination span")]
    return summary, "".join(pages), len(page.cssselect(".teaser"))


def test_a_common_word_is_counted_up_to_the_limit(client, five_matches):
    summary, pages, teasers = _summary_and_pages(client, "/en/search/?q=karabakh")
    assert summary == "More than 3 articles found for “karabakh”."
    assert pages == "Page 1 of more than 2"
    assert teasers == 2
    summary, pages, teasers = _summary_and_pages(client, "/en/search/?q=karabakh&page=2")
    assert pages == "Page 2 of more than 2"
    assert teasers == 1  # what lies past the limit is not paged through (refine the query)


def test_up_to_the_limit_the_count_is_exact(client, five_matches):
    summary, pages, teasers = _summary_and_pages(client, "/en/search/?q=day+3")
    assert (summary, pages, teasers) == ("1 article found for “day 3”.", "", 1)
    Article.objects.filter(title_en__in=["Karabakh talks, day 3", "Karabakh talks, day 4"]).delete()
    summary, pages, _teasers = _summary_and_pages(client, "/en/search/?q=karabakh")
    assert (summary, pages) == ("3 articles found for “karabakh”.", "Page 1 of 2")


def test_the_limit_is_said_in_arabic_and_russian(client, monkeypatch):
    from articles.pagination import SearchPaginator

    monkeypatch.setattr(SearchPaginator, "COUNT_LIMIT", 1)
    for n in range(2):
        article_build(
            title_ar=f"محادثات قره باغ {n}",
            title_ru=f"Переговоры по Карабаху {n}",
            body_ru="<p>Текст.</p>",
            slug_ru=f"peregovory-{n}",
        )
    ar = parse(client.get("/ar/search/?q=محادثات")).cssselect(".search-summary")[0]
    assert "أكثر من" in ar.text_content()
    ru = parse(client.get("/ru/search/?q=переговоры")).cssselect(".search-summary")[0]
    assert "более 1" in ru.text_content()


def test_an_imported_translation_is_found_in_its_language_at_once(client):
    article = article_build(title_ar="لافروف يلتقي غوتيريش", body_ar="<p>نص.</p>")
    data = edited_po(
        export_po([article], "en"), {"title": "Lavrov meets Guterres", "body": "<p>Text.</p>"}
    )
    translations_import(data=data, file_format="po", language="en")
    assert list(article_search("guterres", "en")) == [article]
    assert list(article_search("غوتيريش", "ar")) == [article]


def test_the_number_of_results_follows_the_pages_digits(client, settings):
    """On Arabic pages every number is written with the page's digits, the count of
    results too (NEWSROOM_ARABIC_INDIC_DIGITS); Russian and English pages keep 0–9."""
    settings.NEWSROOM_ARABIC_INDIC_DIGITS = True
    for n in range(12):
        article_build(
            title_ar=f"اجتماع الوزراء {n}",
            title_en=f"Ministers meet {n}",
            body_en="<p>Text.</p>",
            slug_en=f"ministers-meet-{n}",
        )
    arabic = parse(client.get("/ar/search/", {"q": "اجتماع"}))
    summary = arabic.cssselect(".search-summary")[0].text_content()
    assert "١٢" in summary and "12" not in summary
    english = parse(client.get("/en/search/", {"q": "Ministers"}))
    assert "12" in english.cssselect(".search-summary")[0].text_content()
