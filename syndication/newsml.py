"""IPTC NewsML-G2 2.35: a ``WireItem`` as a ``newsItem`` (power conformance).

The body goes in ``contentSet/inlineXML`` as XHTML, the way Superdesk's
NewsML-G2 formatter sends it; the stored body is HTML (sanitised by the
allowlist of ``articles.richtext``), so it is re-read here into well-formed XML.
``tests/syndication/test_formats.py`` validates every demo and corpus article
against the official XSD (``tests/standards/newsml-g2``).
"""

from __future__ import annotations

from html.parser import HTMLParser
from xml.etree import ElementTree as ET

from django.conf import settings

from syndication.ninjs import iso
from syndication.wire import CANCELED, WireItem, site_url

NAR = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"
CONTENT_TYPE = "application/vnd.iptc.g2.newsitem+xml"
#: Elements that never have content in HTML.
VOID = {"br", "hr", "img", "wbr"}

ET.register_namespace("", NAR)


class _XHTMLBuilder(HTMLParser):
    """Re-read an HTML fragment into XHTML elements under ``parent``."""

    def __init__(self, parent: ET.Element):
        super().__init__(convert_charrefs=True)
        self.stack = [parent]

    def handle_starttag(self, tag, attrs):
        element = ET.SubElement(
            self.stack[-1], f"{{{XHTML}}}{tag}", {k: v or "" for k, v in attrs if ":" not in k}
        )
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        ET.SubElement(self.stack[-1], f"{{{XHTML}}}{tag}", {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag):
        # Close up to the matching element; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == f"{{{XHTML}}}{tag}":
                del self.stack[depth:]
                return

    def handle_data(self, data):
        current = self.stack[-1]
        if len(current):
            current[-1].tail = (current[-1].tail or "") + data
        else:
            current.text = (current.text or "") + data


def _xhtml(item: WireItem) -> ET.Element:
    html = ET.Element(f"{{{XHTML}}}html", {"lang": item.language, XML_LANG: item.language})
    head = ET.SubElement(html, f"{{{XHTML}}}head")
    ET.SubElement(head, f"{{{XHTML}}}title").text = item.headline
    body = ET.SubElement(html, f"{{{XHTML}}}body")
    builder = _XHTMLBuilder(body)
    builder.feed(item.body_html)
    builder.close()
    return html


def _sub(parent: ET.Element, name: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAR}}}{name}", {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def _concept(parent: ET.Element, name: str, entity, kind: str, language: str) -> None:
    element = _sub(parent, name, uri=entity.uri, type=kind)
    _sub(element, "name", entity.name, **{XML_LANG: language})


def newsml_g2(item: WireItem) -> bytes:
    """The item as a NewsML-G2 2.35 ``newsItem`` document (UTF-8 bytes)."""
    root = ET.Element(
        f"{{{NAR}}}newsItem",
        {
            "guid": item.uri,
            "version": str(item.version),
            "standard": "NewsML-G2",
            "standardversion": "2.35",
            "conformance": "power",
            XML_LANG: item.language,
        },
    )
    _sub(root, "catalogRef", href=CATALOG)
    rights = _sub(root, "rightsInfo")
    holder = _sub(rights, "copyrightHolder", uri=site_url("/"))
    _sub(holder, "name", settings.NEWSROOM_WIRE_PROVIDER)
    meta = _sub(root, "itemMeta")
    _sub(meta, "itemClass", qcode="ninat:text")
    provider = _sub(meta, "provider", uri=site_url("/"))
    _sub(provider, "name", settings.NEWSROOM_WIRE_PROVIDER)
    _sub(meta, "versionCreated", iso(item.version_created))
    if item.pub_status == CANCELED:
        _sub(meta, "pubStatus", qcode="stat:canceled")
        return _serialised(root)
    _sub(meta, "firstCreated", iso(item.first_created))
    if item.embargoed:
        _sub(meta, "embargoed", iso(item.embargoed))
    _sub(meta, "pubStatus", qcode="stat:usable")
    _sub(meta, "link", rel="irel:seeAlso", href=item.web_url, contenttype="text/html")

    content = _sub(root, "contentMeta")
    _sub(content, "contentCreated", iso(item.published))
    _sub(content, "contentModified", iso(item.version_created))
    if item.source:
        source = _sub(content, "infoSource", uri=item.source.uri)
        _sub(source, "name", item.source.name)
    _sub(content, "language", tag=item.language)
    if item.section:
        _concept(content, "subject", item.section, "cpnat:abstract", item.language)
    for entity in item.tags:
        _concept(content, "subject", entity, "cpnat:abstract", item.language)
    for entity in item.people:
        _concept(content, "subject", entity, "cpnat:person", item.language)
    for entity in item.organisations:
        _concept(content, "subject", entity, "cpnat:organisation", item.language)
    _sub(content, "headline", item.headline)
    if item.summary:
        _sub(content, "description", item.summary, role="drol:summary")

    content_set = _sub(root, "contentSet")
    inline = _sub(content_set, "inlineXML", contenttype="application/xhtml+xml")
    inline.append(_xhtml(item))
    return _serialised(root)


def _serialised(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
