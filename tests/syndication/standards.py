"""The official IPTC schemas (copied into tests/standards with their licences) as validators."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from lxml import etree

STANDARDS = Path(__file__).resolve().parent.parent / "standards"
NINJS_SCHEMAS = {
    "ninjs-3.1": STANDARDS / "ninjs" / "specification" / "ninjs-schema_3.1.json",
    "ninjs-2.2": STANDARDS / "ninjs" / "specification" / "ninjs-schema_2.2.json",
}
NEWSML_XSD = STANDARDS / "newsml-g2" / "specification" / "NewsML-G2_2.35-spec-All-Power.xsd"


@cache
def ninjs_validator(version: str) -> Draft202012Validator:
    """A JSON Schema validator of one ninjs version, checking formats (uri, date-time) too."""
    schema = json.loads(NINJS_SCHEMAS[version].read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def ninjs_errors(data: dict, version: str) -> list[str]:
    """Every way ``data`` breaks the ninjs ``version`` schema (empty: valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in ninjs_validator(version).iter_errors(data)
    ]


@cache
def newsml_schema() -> etree.XMLSchema:
    """The NewsML-G2 2.35 XSD (power conformance), with the xml.xsd it imports beside it."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(NEWSML_XSD), parser))


def newsml_errors(document: bytes) -> list[str]:
    """Every way ``document`` breaks the NewsML-G2 2.35 XSD (empty: valid)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schema = newsml_schema()
    if schema.validate(etree.fromstring(document, parser)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
