"""Backup and restore of all content: every language, revisions, transition
history, translation records, users and groups, and the media files that
content refers to, in one ``.tar.gz`` archive.

Rows go through Django's own ``dumpdata``/``loaddata`` with natural foreign
keys, so an archive restores into any empty, migrated database (SQLite or
PostgreSQL) whatever its content type ids; ``loaddata`` also moves
PostgreSQL's sequences past the restored ids.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction
from django.utils.translation import gettext as _

from newsroom.events import Change, content_announce
from newsroom.translation_states import translation_states_rebuild

DATA_NAME = "data.xml"  # XML keeps datetimes to the microsecond; JSON rounds them
MEDIA_PREFIX = "media/"
#: Rebuilt by migrations, derived from the content (rebuilt after a restore), or not
#: content at all.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "newsroom.translationstate",
]
CONTENT_APPS = ("articles", "people")


def _media_names() -> list[str]:
    """The names of every stored file the content refers to."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    n for n in model._default_manager.values_list(field.attname, flat=True) if n
                )
    return sorted(names)


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


def _count(payload: bytes) -> dict[str, int]:
    """Rows per model in a serialised XML payload."""
    counts: dict[str, int] = {}
    # Top-level objects only: many-to-many natural keys nest <object> elements too.
    for element in ElementTree.fromstring(payload).findall("object"):  # noqa: S314 - our own file
        label = element.get("model")
        counts[label] = counts.get(label, 0) + 1
    return counts


def backup_write(target: Path) -> dict[str, int]:
    """Write a backup archive to ``target``; return its row counts per model and files."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        format="xml",
        stdout=data,
    )
    payload = data.getvalue().encode("utf-8")
    counts = _count(payload)
    media = _media_names()
    with tarfile.open(target, "w:gz") as archive:
        _add(archive, DATA_NAME, payload)
        for name in media:
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as file:
                    _add(archive, MEDIA_PREFIX + name, file.read())
    counts["media files"] = len(media)
    return counts


def _has_content() -> bool:
    return any(
        model._default_manager.exists()
        for app_label in CONTENT_APPS
        for model in apps.get_app_config(app_label).get_models()
    )


def backup_restore(source: Path) -> dict[str, int]:
    """Restore an archive into a migrated database that holds no content yet."""
    if _has_content():
        raise ValidationError(_("The database already holds content; restore into an empty one."))
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed below
    except (OSError, tarfile.TarError) as error:
        raise ValidationError(_("The file is not a backup archive.")) from error
    with archive, tempfile.TemporaryDirectory() as scratch:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        if DATA_NAME not in members:
            raise ValidationError(_("The archive has no %(name)s."), params={"name": DATA_NAME})
        payload = archive.extractfile(members[DATA_NAME]).read()
        try:
            counts = _count(payload)
        except ElementTree.ParseError as error:
            raise ValidationError(_("The archive's data is damaged.")) from error
        media = []
        for name, member in members.items():
            if name.startswith(MEDIA_PREFIX):
                relative = PurePosixPath(name.removeprefix(MEDIA_PREFIX))
                if relative.is_absolute() or ".." in relative.parts:
                    raise ValidationError(
                        _("The archive holds an unsafe path: %(name)s"), params={"name": name}
                    )
                media.append((str(relative), member))
        fixture = Path(scratch) / DATA_NAME
        fixture.write_bytes(payload)
        with transaction.atomic():
            # `migrate` made the role groups afresh; the archive brings them back as they were.
            Group.objects.filter(user__isnull=True).delete()
            call_command("loaddata", str(fixture), verbosity=0)
            translation_states_rebuild()  # loaddata sends raw saves, which derive nothing
            for app_label in CONTENT_APPS:
                for model in apps.get_app_config(app_label).get_models():
                    content_announce(model=model, kind=Change.CREATED, bulk=True)
        for name, member in media:
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(archive.extractfile(member).read()))
    counts["media files"] = len(media)
    return counts
