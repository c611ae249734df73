"""Word diffs of text for staff pages: what changed in a revision or in a translation's source."""

import difflib

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def word_diff(old: str, new: str) -> SafeString:
    """Words removed in <del>, words added in <ins>."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
    return mark_safe(" ".join(out))  # noqa: S308 - every piece is escaped above
