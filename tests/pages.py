"""Helpers to read rendered pages as a reader (or a browser) would."""

import lxml.html


def parse(response):
    """The response body as an lxml document."""
    return lxml.html.fromstring(response.content.decode())


def text_of(document) -> str:
    """All visible text of a document, whitespace folded."""
    return " ".join(document.text_content().split())
