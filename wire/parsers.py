"""Reading agency items: ninjs (1.x, 2.x, 3.x) and NewsML-G2 (news items with NITF or XHTML
bodies, packages, news messages) into ``ParsedItem``s, or a clear reason why not.

A delivery (a file, a pushed body, a fetched feed) may hold several items: a JSON array of
ninjs objects, a NewsML-G2 ``newsMessage``. ``parse_delivery`` returns one ``Parsed`` per
item: an item, or the reason it is refused; one bad item never hides the others. XML is
read with defusedxml: any entity or DTD declaration (billion laughs, external entities)
refuses the delivery, and nothing is ever fetched from the network.

Compared with Superdesk's parsers (``superdesk/io/feed_parsers/ninjs.py`` and
``newsml_2_0.py``), which read the same fields into their own item dictionaries, this
one reads every ninjs generation (keys are compared case-insensitively, so 3.x's
``versionCreated`` is 1.x's ``versioncreated``) and returns only what an article draft holds.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Item types that are not text: without a text body, they make no article.
NOT_TEXT = {"picture", "graphic", "audio", "video", "event", "planning", "concept"}


class BadItem(Exception):
    """An item (or a whole delivery) that cannot become a draft, with the reason."""


@dataclass
class Picture:
    href: str
    caption: str = ""
    credit: str = ""
    copyright: str = ""


@dataclass
class ParsedItem:
    guid: str
    version: int = 1
    format: str = "ninjs"
    language: str = ""  # as the agency wrote it ("en-US"); "" when it says none
    headline: str = ""
    standfirst: str = ""
    body: str = ""  # HTML, not yet sanitised
    byline: str = ""
    dateline: str = ""
    urgency: int | None = None
    embargo: datetime | None = None
    pubstatus: str = "usable"  # usable, canceled, withheld
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (name, uri or code)
    keywords: list[str] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[tuple[str, str]] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    copyright: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data["embargo"] = self.embargo.isoformat() if self.embargo else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> ParsedItem:
        data = dict(data)
        data["embargo"] = parse_datetime(data["embargo"]) if data.get("embargo") else None
        data["pictures"] = [Picture(**p) for p in data.get("pictures", [])]
        for name in ("subjects", "people", "organisations"):
            data[name] = [tuple(pair) for pair in data.get(name, [])]
        return cls(**data)


@dataclass
class Parsed:
    """One item of a delivery: ``item``, or ``error`` saying why it is refused."""

    label: str  # the item's id when known, else its place in the delivery
    item: ParsedItem | None = None
    error: str = ""
    info: str = ""  # a note that is not an error (a package's references)


# --- Small helpers ------------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _paragraphs(text: str) -> str:
    """Plain text as paragraphs (blank lines part them)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in parts)


def _version(value: Any) -> int:
    try:
        return max(int(str(value).strip()), 1)
    except (TypeError, ValueError):
        return 1


def _datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return parse_datetime(str(value).strip())
    except ValueError:
        return None


def _urgency(value: Any) -> int | None:
    try:
        urgency = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return urgency if 1 <= urgency <= 9 else None


def _pubstatus(value: Any) -> str:
    status = str(value or "usable").rpartition(":")[2].lower()
    if status in ("canceled", "cancelled"):
        return "canceled"
    return status if status in ("usable", "withheld") else "usable"


def _lower_keys(value: Any) -> Any:
    """ninjs 3.x is camelCase where 1.x and 2.x are lower case: compare keys without case."""
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


# --- ninjs ----------------------------------------------------------------------------------


def _ninjs_role(entries: Any, *roles: str) -> dict | None:
    if not isinstance(entries, list):
        return None
    entries = [e for e in entries if isinstance(e, dict) and e.get("value")]
    for role in roles:
        for entry in entries:
            if str(entry.get("role", "")).lower() == role:
                return entry
    return entries[0] if entries else None


def _ninjs_body(data: dict) -> str:
    bodies = data.get("bodies")
    if isinstance(bodies, list):
        rich = [
            b
            for b in bodies
            if isinstance(b, dict)
            and b.get("value")
            and (
                "html" in str(b.get("contenttype", "")).lower()
                or str(b.get("role", "")).lower() in ("richtext", "html", "xhtml")
            )
        ]
        if rich:
            return str(rich[0]["value"])
        plain = _ninjs_role(bodies, "main", "text")
        if plain:
            return _paragraphs(str(plain["value"]))
        return ""
    for key in ("body_richtext", "body_html", "body_xhtml", "body_html5"):
        if data.get(key):
            return str(data[key])
    for key in ("body_text", "body_main", "body"):
        if isinstance(data.get(key), str) and data[key]:
            return _paragraphs(data[key])
    return ""


def _named(entries: Any) -> list[tuple[str, str]]:
    if isinstance(entries, dict):
        entries = list(entries.values())
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and _text(entry.get("name")):
            uri = entry.get("uri") or entry.get("code") or ""
            if entry.get("scheme") and entry.get("code") and not entry.get("uri"):
                uri = f"{entry['scheme']}{entry['code']}"
            found.append((_text(entry["name"]), _text(uri)))
    return found


def _ninjs_pictures(data: dict, copyright_notice: str) -> list[Picture]:
    associations = data.get("associations")
    if isinstance(associations, dict):
        associations = list(associations.values())
    pictures = []
    for item in associations if isinstance(associations, list) else []:
        if not isinstance(item, dict) or item.get("type") not in ("picture", "graphic"):
            continue
        renditions = item.get("renditions") or {}
        if isinstance(renditions, dict):
            renditions = list(renditions.values())
        hrefs = [r.get("href") for r in renditions if isinstance(r, dict) and r.get("href")]
        if not hrefs:
            continue
        caption = _ninjs_role(item.get("descriptions"), "caption", "summary")
        pictures.append(
            Picture(
                href=str(hrefs[0]),
                caption=_text(
                    caption["value"]
                    if caption
                    else item.get("description_text") or item.get("headline") or ""
                ),
                credit=_text(item.get("by") or item.get("byline") or item.get("creditline") or ""),
                copyright=_text(
                    item.get("copyrightnotice") or item.get("copyrightholder") or copyright_notice
                ),
            )
        )
    return pictures


def parse_ninjs(data: Any) -> ParsedItem:
    """One ninjs object (any generation) as a ``ParsedItem``; ``BadItem`` if it is not one."""
    if not isinstance(data, dict):
        raise BadItem(_("A ninjs item must be a JSON object."))
    data = _lower_keys(data)
    guid = _text(data.get("uri") or data.get("guid"))
    if not guid:
        raise BadItem(_("The item has no “uri”: it cannot be told apart from others."))
    headline_entry = _ninjs_role(data.get("headlines"), "main")
    headline = _text(
        headline_entry["value"]
        if headline_entry
        else data.get("headline_main") or data.get("headline") or data.get("headline_simple")
    )
    summary = _ninjs_role(data.get("descriptions"), "summary", "description")
    body = _ninjs_body(data)
    kind = str(data.get("type") or "text").lower()
    if kind in NOT_TEXT and not body:
        raise BadItem(
            _("An item of type “%(type)s” with no text body: not an article.") % {"type": kind}
        )
    copyright_notice = _text(data.get("copyrightnotice") or "")
    return ParsedItem(
        guid=guid,
        version=_version(data.get("version")),
        format="ninjs",
        language=_text(data.get("language") or data.get("lang") or ""),
        headline=headline,
        standfirst=_text(summary["value"] if summary else data.get("description_text") or ""),
        body=body,
        byline=_text(data.get("by") or data.get("byline") or ""),
        dateline=_text(data.get("located") or ""),
        urgency=_urgency(data.get("urgency")),
        embargo=_datetime(data.get("embargoed") or data.get("embargoedate")),
        pubstatus=_pubstatus(data.get("pubstatus")),
        subjects=_named(data.get("subjects") or data.get("subject")),
        keywords=[_text(k) for k in data.get("keywords") or [] if isinstance(k, str) and k.strip()],
        people=_named(data.get("people") or data.get("person")),
        organisations=_named(data.get("organisations") or data.get("organisation")),
        pictures=_ninjs_pictures(data, copyright_notice),
        copyright=copyright_notice,
    )


def parse_json_delivery(data: bytes) -> list[Parsed]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadItem(_("Malformed JSON: %(error)s") % {"error": error}) from error
    items = document if isinstance(document, list) else [document]
    results = []
    for position, entry in enumerate(items, 1):
        label = _text(entry.get("uri")) if isinstance(entry, dict) else ""
        try:
            results.append(Parsed(label or f"#{position}", parse_ninjs(entry)))
        except BadItem as error:
            results.append(Parsed(label or f"#{position}", error=str(error)))
    return results


# --- NewsML-G2 ------------------------------------------------------------------------------


def _local(element: Element) -> str:
    return element.tag.rpartition("}")[2]


def _first(element: Element, path: str) -> Element | None:
    return element.find(path.replace("g:", NAR))


def _all(element: Element, path: str) -> list[Element]:
    return element.findall(path.replace("g:", NAR))


def _find_any(element: Element, *paths: str) -> Element | None:
    """The first of ``paths`` found (an Element with no children is falsy: never ``or``)."""
    for path in paths:
        found = element.find(path)
        if found is not None:
            return found
    return None


def _node_text(element: Element | None) -> str:
    return _text("".join(element.itertext())) if element is not None else ""


def _inner_html(element: Element) -> str:
    """An element's children as HTML (namespaces dropped), for the sanitiser to clean."""
    parts = [html.escape(element.text or "")]
    for child in element:
        parts.append(_element_html(child))
        parts.append(html.escape(child.tail or ""))
    return "".join(parts)


# NITF body elements and the HTML the body allowlist knows.
NITF_TAGS = {"hl2": "h2", "block": "div", "em": "em", "pre": "pre", "bq": "blockquote"}


def _element_html(element: Element) -> str:
    tag = _local(element)
    tag = NITF_TAGS.get(tag, tag)
    attrs = ""
    if tag == "a" and element.get("href"):
        attrs = f' href="{html.escape(element.get("href"))}"'
    return f"<{tag}{attrs}>{_inner_html(element)}</{tag}>"


def _newsml_body(item: Element) -> tuple[str, str, str]:
    """(body HTML, NITF byline, NITF abstract) of a news item's first text content."""
    for inline in _all(item, "g:contentSet/g:inlineXML"):
        nitf = _find_any(inline, f"{{{NITF_NS}}}nitf", "nitf")
        if nitf is not None:
            ns = f"{{{NITF_NS}}}" if nitf.tag.startswith("{") else ""
            content = nitf.find(f"{ns}body/{ns}body.content")
            byline = nitf.find(f"{ns}body/{ns}body.head/{ns}byline")
            abstract = nitf.find(f"{ns}body/{ns}body.head/{ns}abstract")
            return (
                _inner_html(content) if content is not None else "",
                _node_text(byline),
                _node_text(abstract),
            )
        xhtml = _find_any(inline, f"{{{XHTML_NS}}}html", "html")
        if xhtml is not None:
            body = _find_any(xhtml, f"{{{XHTML_NS}}}body", "body")
            return (_inner_html(body) if body is not None else "", "", "")
    for inline in _all(item, "g:contentSet/g:inlineData"):
        if "text/plain" in (inline.get("contenttype") or "text/plain"):
            return (_paragraphs(inline.text or ""), "", "")
    return ("", "", "")


def _concepts(meta: Element, language: str, kinds: set[str]) -> list[tuple[str, str]]:
    found = []
    for subject in _all(meta, "g:subject"):
        kind = (subject.get("type") or "").rpartition(":")[2]
        if kinds and kind not in kinds:
            continue
        if not kinds and kind in {"person", "organisation", "organization", "geoArea", "poi"}:
            continue
        names = _all(subject, "g:name")
        name = next(
            (
                n
                for n in names
                if (n.get(XML_LANG) or "").split("-")[0].lower() == language.split("-")[0].lower()
            ),
            names[0] if names else None,
        )
        if name is not None and _node_text(name):
            found.append((_node_text(name), subject.get("uri") or subject.get("qcode") or ""))
    return found


def parse_news_item(item: Element) -> ParsedItem:
    """One NewsML-G2 ``newsItem`` as a ``ParsedItem``; ``BadItem`` if it cannot be one."""
    guid = _text(item.get("guid"))
    if not guid:
        raise BadItem(_("The news item has no “guid”."))
    meta, content = _first(item, "g:itemMeta"), _first(item, "g:contentMeta")
    if meta is None or content is None:
        raise BadItem(_("The news item has no itemMeta or contentMeta."))
    item_class_element = _first(meta, "g:itemClass")
    item_class = (
        item_class_element.get("qcode") if item_class_element is not None else ""
    ) or "ninat:text"
    body, nitf_byline, abstract = _newsml_body(item)
    kind = item_class.rpartition(":")[2]
    if kind in NOT_TEXT and not body:
        raise BadItem(
            _("An item of type “%(type)s” with no text body: not an article.") % {"type": kind}
        )
    language_element = _first(content, "g:language")
    language = (
        language_element.get("tag") if language_element is not None else item.get(XML_LANG)
    ) or ""
    summary = next(
        (d for d in _all(content, "g:description") if "summary" in (d.get("role") or "")),
        None,
    )
    creators = [_node_text(_first(c, "g:name")) for c in _all(content, "g:creator")]
    located = _first(content, "g:located")
    pubstatus = _first(meta, "g:pubStatus")
    rights = _first(item, "g:rightsInfo/g:copyrightNotice")
    return ParsedItem(
        guid=guid,
        version=_version(item.get("version")),
        format="newsml-g2",
        language=_text(language),
        headline=_node_text(_first(content, "g:headline")),
        standfirst=_node_text(summary) or abstract,
        body=body,
        byline=nitf_byline or ", ".join(c for c in creators if c),
        dateline=_node_text(_first(content, "g:dateline"))
        or (_node_text(_first(located, "g:name")) if located is not None else ""),
        urgency=_urgency(_node_text(_first(content, "g:urgency"))),
        embargo=_datetime(_node_text(_first(meta, "g:embargoed"))),
        pubstatus=_pubstatus(pubstatus.get("qcode") if pubstatus is not None else ""),
        subjects=_concepts(content, language, set()),
        keywords=[_node_text(k) for k in _all(content, "g:keyword") if _node_text(k)],
        people=_concepts(content, language, {"person"}),
        organisations=_concepts(content, language, {"organisation", "organization"}),
        copyright=_node_text(rights),
    )


def parse_xml_delivery(data: bytes) -> list[Parsed]:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise BadItem(
            _("Refused XML: it declares a DTD or entities (%(error)s).")
            % {"error": type(error).__name__}
        ) from error
    except (ParseError, ValueError) as error:
        raise BadItem(_("Malformed XML: %(error)s") % {"error": error}) from error
    name = _local(root)
    if name == "newsItem":
        items, packages = [root], []
    elif name == "packageItem":
        items, packages = [], [root]
    elif name == "newsMessage":
        item_set = _first(root, "g:itemSet")
        children = list(item_set) if item_set is not None else []
        items = [c for c in children if _local(c) == "newsItem"]
        packages = [c for c in children if _local(c) == "packageItem"]
    elif name == "NewsML":
        raise BadItem(_("NewsML 1.x is not read here: only NewsML-G2 and ninjs."))
    else:
        raise BadItem(
            _(
                "Not a NewsML-G2 item: the document is a <%(root)s>, not a newsItem, "
                "packageItem or newsMessage."
            )
            % {"root": name}
        )
    results = []
    delivered = set()
    for position, element in enumerate(items, 1):
        label = element.get("guid") or f"#{position}"
        delivered.add(element.get("guid"))
        try:
            results.append(Parsed(label, parse_news_item(element)))
        except BadItem as error:
            results.append(Parsed(label, error=str(error)))
    for element in packages:
        refs = [r.get("residref") for r in element.iter(f"{NAR}itemRef") if r.get("residref")]
        missing = [ref for ref in refs if ref not in delivered]
        info = _("Package of %(count)d items: each included item is its own draft.") % {
            "count": len(refs)
        }
        if missing:
            info += " " + _("Not delivered with it (not fetched): %(refs)s.") % {
                "refs": ", ".join(missing)
            }
        results.append(Parsed(element.get("guid") or "package", info=info))
    return results


def parse_delivery(data: bytes) -> list[Parsed]:
    """Every item of a delivery, JSON (ninjs) or XML (NewsML-G2), told apart by content."""
    start = data.lstrip()[:1]
    if start in (b"{", b"["):
        return parse_json_delivery(data)
    if start == b"<" or data.lstrip().startswith(b"\xef\xbb\xbf<"):
        return parse_xml_delivery(data)
    raise BadItem(_("Neither JSON (ninjs) nor XML (NewsML-G2)."))
