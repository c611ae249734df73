"""``manage.py ingest <path…> --agency <slug>``: ingest files now, without a worker."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wire.channels import drop_folder_process, poll_all
from wire.ingest import ingest_files
from wire.models import Agency


class Command(BaseCommand):
    help = "Ingest agency items (ninjs or NewsML-G2 files) as draft articles."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files, or folders of .json/.xml files")
        parser.add_argument("--agency", help="the agency's slug (needed with paths)")
        parser.add_argument("--drop-folder", action="store_true", help="process the drop folder")
        parser.add_argument("--poll", action="store_true", help="poll the agencies' feed URLs")

    def handle(self, *args, paths, agency, drop_folder, poll, **options):
        lines = []
        if paths:
            if not agency:
                raise CommandError("Name the agency: --agency <slug>.")
            try:
                agency_obj = Agency.objects.get(slug=agency)
            except Agency.DoesNotExist as error:
                raise CommandError(f"No agency “{agency}”.") from error
            files = []
            for name in paths:
                path = Path(name)
                if path.is_dir():
                    files += sorted(p for p in path.rglob("*") if p.suffix in (".json", ".xml"))
                else:
                    files.append(path)
            lines += ingest_files(agency=agency_obj, paths=files, channel="command")
        if drop_folder:
            lines += drop_folder_process()
        if poll:
            lines += poll_all()
        for line in lines:
            self.stdout.write(f"{line.level:5} {line.origin} {line.item}: {line.message}")
        counts = {
            level: sum(1 for x in lines if x.level == level) for level in ("ok", "info", "error")
        }
        self.stdout.write(
            f"{counts['ok']} ingested, {counts['info']} notes, {counts['error']} refused."
        )
