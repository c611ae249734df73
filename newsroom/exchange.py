"""PO and XLIFF round trips for translators' CAT tools.

An export holds, for each translatable field of each object, the source text
(in the object's source language) and the current translation into one target
language, under a key
``app_label.model:pk:field``. An import is all or nothing: every entry is
checked first (the file's language, the object and field, the source text
unchanged since export, the text clean), and only then is anything written.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import polib
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered
from translate.storage import xliff

from newsroom.content import content_save
from newsroom.translation_policy import policy_for
from newsroom.translations import (
    TARGET_LANGUAGES,
    field_value,
    rich_text_sanitiser,
    source_fingerprints,
    source_language,
    translatable_fields,
    translation_allowed,
    user_translation_languages,
)

XLIFF_ORIGINAL = "newsroom"


class ImportRefused(ValidationError):
    """A translation file that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class Entry:
    key: str
    source: str
    target: str


def entry_key(obj: models.Model, field: str) -> str:
    """The stable key of one field of one object in an exchange file."""
    return f"{obj._meta.label_lower}:{obj.pk}:{field}"


def _entries(objects, language: str) -> list[Entry]:
    entries = []
    for obj in objects:
        source_code = source_language(obj)
        if source_code == language:
            continue  # written in that language: nothing to translate into it
        for field in translatable_fields(type(obj)):
            source = field_value(obj, field, source_code)
            if source:
                entries.append(
                    Entry(entry_key(obj, field), source, field_value(obj, field, language))
                )
    return entries


def _check_language(language: str) -> None:
    if language not in TARGET_LANGUAGES:
        raise ImportRefused(
            _("“%(language)s” is not a language to translate into."),
            params={"language": language},
        )


def files_source_language(objects, language: str) -> str:
    """The source language a file into ``language`` names: its objects' one, or "mul"
    (ISO 639-2: several) when they were written in different languages."""
    sources = {source_language(obj) for obj in objects} - {language}
    return sources.pop() if len(sources) == 1 else "mul"


def export_po(objects, language: str) -> bytes:
    """A PO file of ``objects``' fields, from their source text to ``language``."""
    _check_language(language)
    objects = list(objects)
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "newsroom",
        "Language": language,
        "X-Source-Language": files_source_language(objects, language),
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for entry in _entries(objects, language):
        catalogue.append(polib.POEntry(msgctxt=entry.key, msgid=entry.source, msgstr=entry.target))
    return str(catalogue).encode("utf-8")


def export_xliff(objects, language: str) -> bytes:
    """An XLIFF 1.1 file of ``objects``' fields, from their source text to ``language``."""
    _check_language(language)
    objects = list(objects)
    store = xliff.xlifffile(
        sourcelanguage=files_source_language(objects, language), targetlanguage=language
    )
    store.setfilename(store.getfilenode("NoName"), XLIFF_ORIGINAL)
    for entry in _entries(objects, language):
        unit = store.addsourceunit(entry.source, filename=XLIFF_ORIGINAL)
        unit.setid(entry.key)
        if entry.target:
            unit.target = entry.target
    return bytes(store)


def _read_po(data: bytes, language: str) -> list[Entry]:
    try:
        catalogue = polib.pofile(data.decode("utf-8"))
    except (UnicodeDecodeError, OSError, ValueError) as error:
        raise ImportRefused(
            _("The file is not a readable PO file: %(error)s"), params={"error": error}
        ) from error
    file_language = catalogue.metadata.get("Language", "")
    if file_language != language:
        raise ImportRefused(
            _("The file is for “%(file)s”, not for “%(language)s”."),
            params={"file": file_language or "?", "language": language},
        )
    return [Entry(e.msgctxt or "", e.msgid, e.msgstr) for e in catalogue if not e.obsolete]


def _read_xliff(data: bytes, language: str) -> list[Entry]:
    try:
        store = xliff.xlifffile.parsestring(data)
    except Exception as error:  # translate-toolkit raises lxml and base errors alike
        raise ImportRefused(
            _("The file is not a readable XLIFF file: %(error)s"), params={"error": error}
        ) from error
    file_language = store.gettargetlanguage() or ""
    if file_language != language:
        raise ImportRefused(
            _("The file is for “%(file)s”, not for “%(language)s”."),
            params={"file": file_language or "?", "language": language},
        )
    return [
        Entry(unit.getid().rpartition("\x04")[2], unit.source or "", unit.target or "")
        for unit in store.units
        if not unit.isheader()
    ]


class _Markup(HTMLParser):
    """The tags, attribute names and text of an HTML fragment, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        names = sorted((name, value) for name, value in attrs if name != "rel")
        self.tokens.append(("start", tag, tuple(names)))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.tokens.append(("text", " ".join(data.split())))

    def handle_comment(self, data):
        self.tokens.append(("comment", data))


def _markup(html: str) -> list[tuple]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.tokens


def _clean_target(model, key: str, field: str, text: str) -> str:
    """The text to store, or ImportRefused naming the entry when it is not clean."""
    if any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in text) or any(
        0xD800 <= ord(ch) <= 0xDFFF for ch in text
    ):
        raise ImportRefused(_("Entry %(key)s contains control characters."), params={"key": key})
    sanitiser = rich_text_sanitiser(model, field)
    if sanitiser is not None:
        cleaned = sanitiser(text)
        if _markup(cleaned) != _markup(text.strip()):
            raise ImportRefused(
                _("Entry %(key)s contains HTML that is not allowed (it would be removed)."),
                params={"key": key},
            )
        return cleaned
    if "<" in text and _markup(text) != [("text", " ".join(text.split()))]:
        raise ImportRefused(
            _("Entry %(key)s is plain text and must not contain HTML."), params={"key": key}
        )
    max_length = model._meta.get_field(field).max_length
    if max_length and len(text) > max_length:
        raise ImportRefused(
            _("Entry %(key)s is longer than %(limit)d characters."),
            params={"key": key, "limit": max_length},
        )
    return text


def _plan(entries: list[Entry], language: str, user=None) -> dict[models.Model, dict[str, str]]:
    """Check every entry; return the new values per object, or raise naming the entry."""
    changes: dict[tuple[type, int], dict[str, str]] = {}
    objects: dict[tuple[type, int], models.Model] = {}
    for entry in entries:
        label, _sep, rest = entry.key.partition(":")
        pk, _sep, field = rest.partition(":")
        try:
            model = apps.get_model(label)
            fields = translatable_fields(model)
        except (LookupError, ValueError, NotRegistered):  # not a model, or not a translated one
            model, fields = None, ()
        if model is None or not pk.isdigit() or field not in fields:
            raise ImportRefused(
                _("Entry %(key)s does not name a translatable field."), params={"key": entry.key}
            )
        if (model, int(pk)) not in objects:
            obj = model.objects.filter(pk=int(pk)).first()
            if obj is None:
                raise ImportRefused(
                    _("Entry %(key)s names an object that no longer exists."),
                    params={"key": entry.key},
                )
            objects[(model, int(pk))] = obj
        obj = objects[(model, int(pk))]
        if source_language(obj) == language:
            raise ImportRefused(
                _(
                    "Entry %(key)s is written in “%(language)s”: it is its original, not a "
                    "translation."
                ),
                params={"key": entry.key, "language": language},
            )
        if entry.source != field_value(obj, field, source_language(obj)):
            raise ImportRefused(
                _(
                    "The source text of entry %(key)s has changed since the export; "
                    "export the file again."
                ),
                params={"key": entry.key},
            )
        if entry.target:
            if user is not None and not translation_allowed(
                user=user, obj=obj, field=field, language=language
            ):
                raise ImportRefused(
                    _("You may not change entry %(key)s."), params={"key": entry.key}
                )
            value = _clean_target(model, entry.key, field, entry.target)
            changes.setdefault((model, int(pk)), {})[field] = value
    return {objects[key]: values for key, values in changes.items()}


@transaction.atomic
def translations_import(*, data: bytes, file_format: str, language: str, user=None) -> int:
    """Import a PO or XLIFF file into ``language``; all or nothing. Returns fields written.

    With a ``user``, every entry must be one they may change (a translator: their
    languages only, as in the admin); without one (a command), any entry may be.
    """
    _check_language(language)
    if user is not None and language not in user_translation_languages(user):
        raise ImportRefused(
            _("You do not translate into “%(language)s”."), params={"language": language}
        )
    reader = {"po": _read_po, "xliff": _read_xliff}.get(file_format)
    if reader is None:
        raise ImportRefused(_("Unknown file format."))
    plan = _plan(reader(data, language), language, user)
    written = 0
    for obj, values in plan.items():
        # The source text as checked against the file: if it changes before the
        # save below, the translation is of older text and is not recorded.
        seen = source_fingerprints(obj)
        for field, value in values.items():
            setattr(obj, f"{field}_{language}", value)
        try:
            # Through the model's own write path: validated, the translations recorded,
            # the change announced (an article's: locked, merged, kept as a revision).
            save = policy_for(obj).save_translations or content_save
            save(
                obj=obj,
                user=user,
                changed={f"{field}_{language}" for field in values},
                sources_seen=seen,
            )
        except ValidationError as error:
            raise ImportRefused(
                _("The entries for %(object)s are not valid: %(errors)s"),
                params={"object": entry_key(obj, "*"), "errors": "; ".join(error.messages)},
            ) from error
        written += len(values)
    return written
