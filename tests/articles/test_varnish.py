"""A real Varnish (the repository's VCL, xkey) in front of a real application server:
publishing, editing, unpublishing and renaming reach readers through it at once, and
everything else stays cached there."""

import os
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest

from articles import workflow
from articles.models import Article
from newsroom.content import content_save
from newsroom.roles import EDITOR
from tests.builders import article_build, person_build
from tests.staff import staff_build
from tests.varnish_server import Varnish

if not shutil.which("varnishd") and not os.path.exists("/usr/sbin/varnishd"):
    if os.environ.get("CI"):
        pytest.fail("CI needs varnishd (Debian: varnish varnish-modules)", pytrace=False)
    pytest.skip(
        "varnishd is not installed (Debian: varnish varnish-modules)", allow_module_level=True
    )

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def varnish(tmp_path_factory, live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    server = Varnish(tmp_path_factory.mktemp("varnish"), port).start()
    yield server
    server.stop()


@pytest.fixture
def front(varnish, settings):
    """Varnish, emptied, and the application purging it."""
    settings.NEWSROOM_PURGE_BACKENDS = {
        "varnish": {"BACKEND": "newsroom.purge.VarnishBackend", "LOCATION": varnish.url}
    }
    varnish.admin("ban", "req.url", "~", ".")
    varnish.admin("backend.set_health", "default", "auto")
    return varnish


@pytest.fixture
def editor():
    return staff_build(role=EDITOR)


def get(front, path, **headers):
    """(status, X-Cache, body) of ``path`` through Varnish."""
    request = urllib.request.Request(front.url + path, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), error.read().decode()


def cached(front, path):
    """Request ``path`` until Varnish has it; its body."""
    get(front, path)
    status, cache, body = get(front, path)
    assert (status, cache) == (200, "HIT"), path
    return body


def test_publish_edit_and_unpublish_reach_readers_at_once(front, editor):
    other = article_build(title_ar="خبر آخر")
    story = article_build(title_ar="خبر قادم", status=Article.Status.DRAFT)
    cached(front, "/ar/")
    cached(front, other.get_absolute_url("ar"))

    workflow.article_publish(article=story, user=editor)
    assert "خبر قادم" in get(front, "/ar/")[2]
    url = story.get_absolute_url("ar")
    assert "خبر قادم" in cached(front, url)

    story.title_ar = "خبر معدل"
    workflow.article_save(article=story, user=editor, changed={"title_ar"})
    url = story.get_absolute_url("ar")  # the slug follows the title
    assert "خبر معدل" in get(front, url)[2]
    assert "خبر معدل" in get(front, "/ar/")[2]
    assert get(front, other.get_absolute_url("ar"))[1] == "HIT"  # not purged

    workflow.article_unpublish(article=story, user=editor)
    assert get(front, url)[0] == 404
    assert "خبر معدل" not in get(front, "/ar/")[2]
    assert get(front, other.get_absolute_url("ar"))[1] == "HIT"


def test_renaming_a_person_reaches_every_page_with_the_name(front, editor):
    person = person_build(name_ar="اسم قديم")
    story = article_build(title_ar="خبر", m2m={"people": [person]})
    other = article_build(title_ar="خبر آخر")
    for path in (story.get_absolute_url("ar"), person.get_absolute_url("ar")):
        assert "اسم قديم" in cached(front, path)
    cached(front, other.get_absolute_url("ar"))
    person.name_ar = "اسم جديد"
    content_save(obj=person, user=editor, changed={"name_ar"})
    for path in (story.get_absolute_url("ar"), person.get_absolute_url("ar")):
        assert "اسم جديد" in get(front, path)[2]
    assert get(front, other.get_absolute_url("ar"))[1] == "HIT"


def test_readers_cookies_are_stripped_and_sessions_bypass(front):
    story = article_build(title_ar="خبر")
    url = story.get_absolute_url("ar")
    cached(front, url)
    assert get(front, url, Cookie="_ga=GA1.2.3; theme=dark")[1] == "HIT"
    assert get(front, url, Cookie="sessionid=abc")[1] == "MISS"
    assert get(front, url, Cookie="sessionid=abc")[1] == "MISS"
    word = urllib.parse.quote("خبر")
    assert get(front, f"/ar/search/?q={word}&utm_source=x")[1] == "MISS"
    assert get(front, f"/ar/search/?q={word}&utm_source=x")[1] == "MISS"
    cached(front, f"/ar/search/?q={word}")
    assert get(front, f"/ar/preview/{story.pk}/")[1] == "MISS"


def test_grace_serves_pages_while_the_application_is_down_but_never_a_removed_one(front, editor):
    story = article_build(title_ar="خبر")
    pulled = article_build(title_ar="خبر مسحوب")
    url, pulled_url = story.get_absolute_url("ar"), pulled.get_absolute_url("ar")
    cached(front, pulled_url)
    # Hard purge: the pulled story and every page showing it (the story's page lists it
    # among its related stories, so the story's page is cached only after it is pulled).
    workflow.article_unpublish(article=pulled, user=editor)
    cached(front, url)
    story.standfirst_ar = "مقدمة جديدة"
    workflow.article_save(article=story, user=editor, changed={"standfirst_ar"})  # soft purge
    front.admin("backend.set_health", "default", "sick")
    status, _cache, body = get(front, url)
    assert status == 200
    assert "خبر" in body  # the copy from before, while the application does not answer
    assert get(front, pulled_url)[0] != 200  # gone at once, even then
