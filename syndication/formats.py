"""The wire formats partners may choose, by name: how each writes an item and its media type."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from syndication.newsml import CONTENT_TYPE as NEWSML_CONTENT_TYPE
from syndication.newsml import newsml_g2
from syndication.ninjs import ninjs_22, ninjs_31
from syndication.wire import WireItem


class WireFormat(models.TextChoices):
    NINJS_3_1 = "ninjs-3.1", _("ninjs 3.1 (JSON)")
    NINJS_2_2 = "ninjs-2.2", _("ninjs 2.2 (JSON)")
    NEWSML_G2 = "newsml-g2", _("NewsML-G2 2.35 (XML)")


@dataclass(frozen=True)
class Writer:
    content_type: str
    write: Callable[[WireItem], bytes]


def _json(build: Callable[[WireItem], dict]) -> Callable[[WireItem], bytes]:
    return lambda item: json.dumps(build(item), ensure_ascii=False).encode()


WRITERS: dict[str, Writer] = {
    WireFormat.NINJS_3_1: Writer("application/json; charset=utf-8", _json(ninjs_31)),
    WireFormat.NINJS_2_2: Writer("application/json; charset=utf-8", _json(ninjs_22)),
    WireFormat.NEWSML_G2: Writer(f"{NEWSML_CONTENT_TYPE}; charset=utf-8", newsml_g2),
}


def item_write(item: WireItem, wire_format: str) -> tuple[bytes, str]:
    """``item`` in ``wire_format``: the bytes and their media type."""
    writer = WRITERS[wire_format]
    return writer.write(item), writer.content_type
