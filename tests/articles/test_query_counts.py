"""Every public page runs a constant number of SQL queries, whatever the data size."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Photo, Section, Source
from newsroom.roles import EDITOR
from people.models import Organisation
from tests.builders import (
    article_build,
    byline_build,
    note_build,
    person_build,
    photo_build,
    tag_build,
)
from tests.staff import staff_build

pytestmark = pytest.mark.django_db


def world(articles: int) -> dict:
    """``articles`` public articles sharing a section, source, person, organisation and tag,
    each with its own photo and a few more people and tags."""
    section = Section.objects.create(name_ar="العالم", slug="world")
    organisation = Organisation.objects.create(name_ar="الأمم المتحدة", slug="un")
    source = Source.objects.create(name_ar="تاس", slug="tass", organisation=organisation)
    person = person_build(name_ar="سيرغي لافروف", slug="lavrov")
    tag = tag_build(name_ar="قره باغ", slug="karabakh")
    writer = person_build(name_ar="مراسل", slug="reporter")
    translator = person_build(name_ar="مترجم", slug="translator")
    built = []
    for n in range(articles):
        article = article_build(
            title_ar=f"خبر {n}",
            section=section,
            source=source,
            lead_photo=photo_build(caption_ar=f"صورة {n}"),
        )
        article.people.add(person, *(person_build() for _ in range(3)))
        article.organisations.add(organisation)
        article.tags.add(tag, *(tag_build() for _ in range(3)))
        byline_build(article, writer)
        byline_build(article, person_build(), role="photographer")
        byline_build(article, translator, role="translator", language="ar")
        note_build(article, kind="update", text_ar=f"تحديث {n}")
        note_build(article, kind="correction", text_ar=f"تصحيح {n}")
        built.append(article)
    assert Photo.objects.count() == articles
    with translation.override("ar"):
        return {
            "home": "/ar/",
            "article": built[-1].get_absolute_url("ar"),
            "section": section.get_absolute_url("ar"),
            "source": source.get_absolute_url("ar"),
            "tag": tag.get_absolute_url("ar"),
            "person": person.get_absolute_url("ar"),
            "organisation": organisation.get_absolute_url("ar"),
            "author": reverse("people:author", kwargs={"slug": writer.slug}),
            "corrections": reverse("articles:corrections"),
        }


#: Queries per page: the subject (if any), the count for pagination, the list
#: and its photos' renditions; an article, its people, organisations, tags,
#: bylines (with their people) and notes, the related stories, and the
#: renditions of the article's photo and theirs; the corrections page: the count
#: and the notes with their articles; on every page, the header's sections and
#: the breaking-news banner. The front page: count, latest list, lead and top
#: stories, the latest of each section, every story's photos at once, most read,
#: sections, banner.
EXPECTED = {
    "home": 8,
    "article": 10,
    "author": 6,
    "corrections": 4,
    "section": 6,
    "source": 6,
    "tag": 6,
    "person": 6,
    "organisation": 6,
}


@pytest.mark.parametrize("articles", [1, 12])
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_public_page_queries_do_not_grow_with_the_data(
    client, django_assert_num_queries, articles, page
):
    path = world(articles)[page]
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(path)
    assert response.status_code == 200
    assert "خبر" in response.content.decode()


def content_queries(client, path: str) -> list[str]:
    """The SQL a page runs to read content (leaving out sessions, users and permissions)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if "articles_" in q["sql"] or "people_" in q["sql"]]


def test_the_preview_reads_an_article_as_its_public_page_does(client):
    path = world(1)["article"]
    article = Article.objects.get()
    # One "now" for both pages, so that their related stories' queries read the same.
    with time_machine.travel(timezone.now(), tick=False):
        public = content_queries(client, path)
        client.force_login(staff_build(role=EDITOR))
        with translation.override("ar"):
            preview_path = reverse("articles:preview", kwargs={"pk": article.pk})
            preview = content_queries(client, preview_path)
    # The article itself (any state for the preview), then the same prefetches,
    # then one more: whether it is public yet (the banner links to the public page),
    # then what every page reads (the header's sections, the breaking-news banner).
    assert len(public) == EXPECTED["article"]
    prefetches = EXPECTED["article"] - 2
    assert preview[1:prefetches] == public[1:prefetches]
    assert len(preview) == len(public) + 1
