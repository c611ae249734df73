"""IPTC ninjs ("news in JSON"), versions 3.1 and 2.2, from a ``WireItem``.

Both versions say the same: 3.1 spells its properties in camelCase
(``versionCreated``, ``embargoedUntil``), 2.2 in lower case (``versioncreated``,
``embargoed``). ``tests/syndication/test_formats.py`` validates every demo and
corpus article against the official schemas (``tests/standards/ninjs``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings

from syndication.wire import CANCELED, WireItem

SCHEMAS = {
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
}
#: Properties whose 2.2 name is not simply the 3.1 name in lower case.
RENAMED_IN_2_2 = {"embargoedUntil": "embargoed"}


def iso(moment: datetime) -> str:
    """A date and time as ninjs and NewsML-G2 write it: ISO 8601 in UTC."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _entities(entities, rel: str) -> list[dict]:
    return [{"name": e.name, "rel": rel, "uri": e.uri, "literal": e.literal} for e in entities]


def _picture(item: WireItem) -> dict:
    picture = item.picture
    association = {
        "name": "featuremedia",
        "uri": picture.uri,
        "type": "picture",
        "language": item.language,
        "renditions": [
            {"name": name, "href": href, "width": width, "height": height, "contentType": kind}
            for name, href, width, height, kind in picture.renditions
        ],
    }
    if picture.caption:
        association["headlines"] = [{"role": "main", "value": picture.caption}]
    if picture.alt_text:
        association["descriptions"] = [{"role": "alt", "value": picture.alt_text}]
    if picture.credit:
        association["copyrightHolder"] = picture.credit
    return association


def ninjs_31(item: WireItem) -> dict:
    """The item as a ninjs 3.1 object."""
    data: dict = {
        "uri": item.uri,
        "standard": {"name": "ninjs", "version": "3.1", "schema": SCHEMAS["3.1"]},
        "type": "text",
        "representationType": "full",
        "version": str(item.version),
        "versionCreated": iso(item.version_created),
        "pubStatus": item.pub_status,
        "language": item.language,
        "copyrightHolder": settings.NEWSROOM_WIRE_PROVIDER,
    }
    if item.pub_status == CANCELED:
        data["representationType"] = "partial"
        return data
    data["firstCreated"] = iso(item.first_created)
    data["contentCreated"] = iso(item.published)
    if item.embargoed:
        data["embargoedUntil"] = iso(item.embargoed)
    data["headlines"] = [{"role": "main", "value": item.headline}]
    if item.summary:
        data["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": item.summary}
        ]
    data["bodies"] = [{"role": "main", "contentType": "text/html", "value": item.body_html}]
    subjects = _entities(item.tags, "about")
    if item.section:
        subjects = _entities([item.section], "section") + subjects
    for key, value in (
        ("people", _entities(item.people, "mentions")),
        ("organisations", _entities(item.organisations, "mentions")),
        ("subjects", subjects),
    ):
        if value:
            data[key] = value
    if item.source:
        source = item.source
        data["infoSources"] = [
            {"name": source.name, "role": "source", "uri": source.uri, "literal": source.literal}
        ]
    data["altIds"] = [{"role": "webUrl", "value": item.web_url}]
    if item.picture:
        data["associations"] = [_picture(item)]
    return data


def _lowered(value):
    if isinstance(value, dict):
        return {RENAMED_IN_2_2.get(k, k.lower()): _lowered(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lowered(v) for v in value]
    return value


def ninjs_22(item: WireItem) -> dict:
    """The item as a ninjs 2.2 object (the 3.1 one with 2.2's names)."""
    data = _lowered(ninjs_31(item))
    data["standard"] = {"name": "ninjs", "version": "2.2", "schema": SCHEMAS["2.2"]}
    return data
