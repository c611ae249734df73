from pathlib import Path

from django.core.management.base import BaseCommand

from newsroom.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write all content (every language, revisions, workflow history, translation "
        "records, users, groups) and the media it refers to into a .tar.gz archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar.gz file to write")

    def handle(self, *args, archive: Path, **options):
        counts = backup_write(archive)
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {archive}"))
