"""Rich text: what the admin's editor offers and the allowlist it is cleaned with.

The editor (django-prose-editor) and the sanitiser (nh3) are configured from the
same list of extensions, so an editor can only produce what the public page
renders safely, and whatever reaches the database through any other entry
point (import, demo content, API) is cleaned by the same allowlist.
"""

from functools import cache

import nh3
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.fields import ProseEditorField

from newsroom.text import BIDI_CONTROLS

#: What a news body needs: paragraphs, subheadings, bold, italic, links,
#: quotes and lists — nothing the public page cannot render safely.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

#: A person's bio: a few paragraphs with emphasis and links.
BIO_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}


@cache
def _cleaner(kind: str) -> nh3.Cleaner:
    extensions = BODY_EXTENSIONS if kind == "body" else BIO_EXTENSIONS
    allowlist = allowlist_from_extensions(extensions)
    allowlist["tags"] |= {"p", "bdi"}
    allowlist["attributes"].setdefault("bdi", set()).add("dir")
    allowlist["attributes"]["a"] = {"href", "title"}
    return nh3.Cleaner(
        tags=allowlist["tags"],
        attributes=allowlist["attributes"],
        url_schemes=allowlist.get("url_schemes") or {"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def clean_text(value: str) -> str:
    """Remove characters that never belong in stored rich text.

    NUL and other C0 controls, lone surrogates, and bidi embeddings, overrides
    and isolates (which could make a paragraph read backwards).
    """
    return "".join(
        ch
        for ch in value
        if (ch in "\t\n\r" or ord(ch) >= 0x20)
        and not 0xD800 <= ord(ch) <= 0xDFFF
        and ch not in BIDI_CONTROLS
    )


def sanitize_body(html: str) -> str:
    """Clean an article body with the body allowlist; empty markup becomes ""."""
    return _empty_to_blank(_cleaner("body").clean(clean_text(html or "")))


def sanitize_bio(html: str) -> str:
    """Clean a person's bio with the bio allowlist; empty markup becomes ""."""
    return _empty_to_blank(_cleaner("bio").clean(clean_text(html or "")))


def _empty_to_blank(html: str) -> str:
    # ProseMirror always leaves at least one empty paragraph in an empty editor.
    stripped = html.strip()
    return "" if stripped in {"", "<p></p>", "<p><br></p>"} else stripped


def BodyField(**kwargs) -> ProseEditorField:
    """A rich-text article body: the admin's editor, sanitised on every clean."""
    return ProseEditorField(
        config={"extensions": BODY_EXTENSIONS}, sanitize=sanitize_body, **kwargs
    )


def BioField(**kwargs) -> ProseEditorField:
    """A rich-text bio: the admin's editor, sanitised on every clean."""
    return ProseEditorField(config={"extensions": BIO_EXTENSIONS}, sanitize=sanitize_bio, **kwargs)
