"""The channels that bring deliveries in besides the push endpoint: the drop folder (read by
the worker's job and by ``manage.py ingest``) and polling of an agency's feed URL."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from wire.ingest import ingest_delivery, ingest_files, max_delivery_bytes
from wire.models import Agency, IngestLog

#: Files the drop folder takes as deliveries (pictures beside them are read by the items).
DELIVERY_SUFFIXES = {".json", ".xml"}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def drop_folder_process(root: Path | None = None) -> list[IngestLog]:
    """Ingest what lies in ``<root>/<agency slug>/`` and move each delivery to ``done/`` or
    ``failed/`` beside it (failed: none of its items landed). The worker runs this on a
    schedule; ``manage.py ingest --drop-folder`` runs it once."""
    root = Path(root or settings.WIRE_DROP_FOLDER)
    lines: list[IngestLog] = []
    for agency in Agency.objects.filter(active=True):
        folder = root / agency.slug
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in DELIVERY_SUFFIXES):
            written = ingest_files(agency=agency, paths=[path], channel="folder")
            landed = any(line.level != IngestLog.Level.ERROR for line in written)
            target = folder / ("done" if landed else "failed")
            target.mkdir(exist_ok=True)
            shutil.move(str(path), target / path.name)
            lines += written
    return lines


class PollRefused(Exception):
    pass


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host not in settings.WIRE_POLL_HOSTS:
        raise PollRefused(_("%(host)s is not in the allowed feed hosts.") % {"host": host})
    if parts.scheme != "https" and not (parts.scheme == "http" and host in LOOPBACK):
        raise PollRefused(_("A feed must be fetched over HTTPS."))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_url(newurl)  # a redirect must stay on an allowed host
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def poll_agency(agency: Agency) -> list[IngestLog]:
    """Fetch the agency's feed URL (allowed hosts only, HTTPS, size and time limits) and
    ingest what it holds."""
    url = agency.feed_url
    try:
        _check_url(url)
        opener = urllib.request.build_opener(_NoRedirect)
        # https (or http on loopback) only: _check_url above.
        request = urllib.request.Request(url, headers={"User-Agent": "newsroom-wire/1"})  # noqa: S310
        with opener.open(request, timeout=settings.WIRE_POLL_TIMEOUT) as response:
            data = response.read(max_delivery_bytes() + 1)
        if len(data) > max_delivery_bytes():
            raise PollRefused(
                _("The feed is larger than %(limit)d bytes.") % {"limit": max_delivery_bytes()}
            )
    except (PollRefused, OSError, ValueError) as error:
        return IngestLog.objects.bulk_create(
            [
                IngestLog(
                    agency=agency,
                    channel="poll",
                    origin=url[:500],
                    level=IngestLog.Level.ERROR,
                    message=_("Feed not fetched: %(error)s") % {"error": error},
                )
            ]
        )
    return ingest_delivery(agency=agency, data=data, channel="poll", origin=url)


def poll_all() -> list[IngestLog]:
    lines = []
    for agency in Agency.objects.filter(active=True).exclude(feed_url=""):
        lines += poll_agency(agency)
    return lines
