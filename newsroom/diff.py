"""Word diffs of stored text, for people comparing two texts: an article's revisions, and
the source text a translation was made from against the source now.

Rich text is compared as its text with the block boundaries kept (``html_text``), so
the words on either side of a paragraph, heading, list item, quote or line break are
two words, and the diff shows where the paragraphs break.
"""

from __future__ import annotations

import difflib
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Elements that end a block of text (paragraph, heading, list item, quote, line break):
#: the words on either side of one are two words, on two lines.
BLOCK_ELEMENTS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "br", "hr"}
)
#: The token standing for a block boundary in a diff.
BREAK = "\n"


class _BlockText(HTMLParser):
    """Collects the text of rich-text HTML, with a line break at every block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_ELEMENTS:
            self.parts.append(BREAK)

    def handle_endtag(self, tag):
        if tag in BLOCK_ELEMENTS:
            self.parts.append(BREAK)

    def handle_data(self, data):
        self.parts.append(" ".join(data.split(BREAK)))  # a newline in HTML is only a space


def html_text(html: str) -> str:
    """Rich text as plain text: one line per paragraph, heading, list item or quote."""
    parser = _BlockText()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split(BREAK))
    return BREAK.join(line for line in lines if line)


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for line in text.split(BREAK):
        if words := line.split():
            tokens.extend([BREAK, *words] if tokens else words)
    return tokens


def _run(tokens: list[str], tag: str = "") -> str:
    """Escaped words; a block boundary is a line break, marked ¶ when removed or added."""
    lines = [[]]
    for token in tokens:
        if token == BREAK:
            lines.append([])
        else:
            lines[-1].append(escape(token))
    if not tag:
        return "<br>".join(" ".join(line) for line in lines)
    marked = [" ".join([*line, "¶"]) for line in lines[:-1]] + [" ".join(lines[-1])]
    if tag == "del":  # the boundary is gone: marked, not kept
        return f"<del>{' '.join(line for line in marked if line)}</del>"
    return "<br>".join(f"<ins>{line}</ins>" if line else "" for line in marked)


def word_diff(old: str, new: str) -> SafeString:
    """Words removed in <del>, words added in <ins>; lines (``html_text``'s blocks) kept."""
    a, b = _tokens(old), _tokens(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(_run(a[i1:i2], "del"))
        if op in ("insert", "replace"):
            out.append(_run(b[j1:j2], "ins"))
        if op == "equal":
            out.append(_run(a[i1:i2]))
    return mark_safe(" ".join(out))  # noqa: S308 - every word is escaped by _run
