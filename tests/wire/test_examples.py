"""Every ninjs and NewsML-G2 example of the IPTC standards (copied under ``standards/`` with
their licences) ingests into the expected draft, or is refused with the expected reason."""

from pathlib import Path

import pytest

from articles.models import Article, Source
from tests.builders import content_build
from wire.ingest import ingest_files
from wire.models import Agency, IngestLog, WireItem

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).parent / "standards"
CAPTAIN = "Captain of wrecked cruise ship on trial in Italy"
DELL = "Dell Redefines Workstation Computing"
NO_HEADLINE = "no headline"
LANGUAGE = "not a language the site publishes"
NOT_TEXT = "with no text body"
NOT_G2 = "Not a NewsML-G2 item"
NEWSML_1 = "NewsML 1.x"

# Per file: what each of its items becomes, in order: ("draft", headline start) or
# ("refused", reason) or ("note", text).
SAME_IN_EVERY_GENERATION = {
    "001_simple_example.json": [("draft", CAPTAIN)],
    "002_renditions_example.json": [("refused", NO_HEADLINE)],
    "003_associations_example.json": [("draft", DELL)],
    "004_simple_text_article.json": [("draft", CAPTAIN)],
    "005_complex_text_article.json": [("draft", CAPTAIN)],
    "006_photo_only.json": [("refused", NOT_TEXT)],
    "007_multimedia.json": [("draft", CAPTAIN)],
}
EXPECTED = {
    **{f"ninjs/examples/1.6/{k}": v for k, v in SAME_IN_EVERY_GENERATION.items()},
    **{f"ninjs/examples/2.2/{k}": v for k, v in SAME_IN_EVERY_GENERATION.items()},
    **{f"ninjs/examples/3.1/{k}": v for k, v in SAME_IN_EVERY_GENERATION.items()},
    "ninjs/examples/3.1/008_event.json": [("refused", NOT_TEXT)],
    "ninjs/examples/2.1/SIPA_image_2.json": [("draft", "Italy: Italy Demonstration")],
    "ninjs/examples/2.1/ap_audio.json": [("refused", NOT_TEXT)],
    "ninjs/examples/2.1/ap_image.json": [("refused", NOT_TEXT)],
    "ninjs/examples/2.1/ap_video.json": [("refused", NOT_TEXT)],
    "ninjs/examples/2.1/businesswire-newsml-20130605006126.json": [("refused", LANGUAGE)],
    "ninjs/examples/2.1/businesswire-newsml-20130731006140.json": [
        ("draft", "Lunch Taking a Toll?")
    ],
    "ninjs/examples/2.1/dpa_text.json": [("refused", LANGUAGE)],
    "ninjs/examples/2.1/imageEncodedRights.json": [("refused", NOT_TEXT)],
    "ninjs/examples/2.1/imageLinkedRights.json": [("refused", NOT_TEXT)],
    "ninjs/examples/2.1/ninjsExSimpleText_2.json": [("draft", CAPTAIN)],
    "ninjs/examples/2.1/ntb_text.json": [("refused", LANGUAGE)],
    "ninjs/examples/2.1/tt_text_image_2.json": [("refused", LANGUAGE)],
    **{
        f"ninjs/examples/NewsML/businesswire-newsml-{n}.xml": [("refused", NEWSML_1)]
        for n in ("20130515006361", "20130605006126", "20130612006110", "20130731006140")
    },
    "newsml-g2/examples/LISTING_1_A_NewsML-G2_News_Item.xml": [
        ("draft", 'Fed to halt QE to avert "bubble"')
    ],
    "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml": [
        ("draft", 'Fed to halt QE to avert "bubble"')
    ],
    "newsml-g2/examples/LISTING_24_News_Message_conveying_a_complete_News_Package.xml": [
        *[("refused", "no itemMeta or contentMeta")] * 4,
        ("note", "Package of 4 items"),
    ],
    "newsml-g2/examples/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml": [
        ("refused", NOT_G2)
    ],
    "newsml-g2/examples/LISTING_26_Embedded_photo_metadata_fields_mapped_to_NewsML-G2.xml": [
        ("refused", NOT_TEXT)
    ],
    "newsml-g2/examples/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": [
        ("refused", NOT_G2)
    ],
    "newsml-g2/examples/LISTING_3_Photo_in_NewsML-G2.xml": [("refused", NOT_TEXT)],
    "newsml-g2/examples/LISTING_6_Simple_NewsML-G2_Package.xml": [
        ("note", "Not delivered with it (not fetched)")
    ],
}
LEVELS = {"draft": IngestLog.Level.OK, "refused": IngestLog.Level.ERROR, "note": "info"}


def example_files() -> list[str]:
    return sorted(
        str(path.relative_to(STANDARDS))
        for path in STANDARDS.glob("*/examples/**/*")
        if path.suffix in (".json", ".xml")
    )


@pytest.fixture
def agency():
    source = content_build(Source, slug="agency", name_ar="وكالة", name_en="Agency")
    return Agency.objects.create(name="Agency", slug="agency", source=source, language="en")


def test_every_example_has_an_expectation():
    assert example_files() == sorted(EXPECTED)
    assert (STANDARDS / "ninjs" / "LICENSE").exists()
    assert (STANDARDS / "newsml-g2" / "LICENSE").exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_ingests_into_the_expected_draft(agency, name):
    lines = ingest_files(agency=agency, paths=[STANDARDS / name], channel="test")
    assert [line.level for line in lines] == [LEVELS[kind] for kind, _ in EXPECTED[name]]
    for line, (kind, text) in zip(lines, EXPECTED[name], strict=True):
        if kind == "draft":
            article = line.wire_item.article
            assert article.status == Article.Status.DRAFT
            assert article.original_language == "en"
            assert article.title_en.startswith(text)
            assert article.source == agency.source
            assert "<script" not in article.body_en
            assert line.wire_item.headline == article.title_en
        else:
            assert text in line.message, line.message
    drafts = sum(1 for kind, _ in EXPECTED[name] if kind == "draft")
    assert Article.objects.count() == WireItem.objects.count() == drafts

    # The same delivery again: no duplicate, and the log says so.
    again = ingest_files(agency=agency, paths=[STANDARDS / name], channel="test")
    assert Article.objects.count() == drafts
    assert [line.level for line in again if line.wire_item] == ["info"] * drafts


def test_the_mapping_of_a_complex_ninjs_item(agency):
    from people.models import Organisation, Person

    person = content_build(
        Person, slug="schettino", name_ar="سكيتينو", name_en="Francesco Schettino"
    )
    lines = ingest_files(
        agency=agency,
        paths=[STANDARDS / "ninjs/examples/3.1/007_multimedia.json"],
        channel="test",
    )
    item = lines[0].wire_item
    article = item.article
    assert list(article.people.all()) == [person]
    assert item.byline == "Paulo Santalucia and Frances d'Emilio"
    assert item.dateline == "Grossetto, Italy"
    assert article.body_en.startswith("<p>GROSSETO, Italy (AP)")
    # No organisation of ours is named so: listed for the desk, never made up in English.
    assert item.unmatched["organisations"] == ["Costa Crociere SpA"]
    assert not Organisation.objects.exists()
    # The pictures are only at remote addresses: never fetched.
    assert len(item.unmatched["pictures"]) == 2
    assert article.lead_photo is None


def test_newsml_g2_embargo_and_subjects(agency):
    lines = ingest_files(
        agency=agency,
        paths=[STANDARDS / "newsml-g2/examples/LISTING_1_A_NewsML-G2_News_Item.xml"],
        channel="test",
    )
    item = lines[0].wire_item
    assert item.embargo.isoformat() == "2018-10-23T12:00:00+00:00"
    assert item.article.embargoed_until == item.embargo
    assert item.version == 11 and item.format == "newsml-g2"
    assert item.byline == "Meredith Jameson" and item.dateline == "Berlin"
    assert item.unmatched["tags"] == ["economy, business and finance", "labour market"]


def test_newsml_g2_nitf_body_and_byline(agency):
    lines = ingest_files(
        agency=agency,
        paths=[STANDARDS / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml"],
        channel="test",
    )
    item = lines[0].wire_item
    assert item.byline == "By Meredith Jameson, Staff Reporter"
    assert item.article.body_en.count("<p>") == 2
    assert item.article.body_en.startswith("<p>(New York, NY - October 21)")
