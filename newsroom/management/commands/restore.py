from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty, migrated database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar.gz file written by `backup`")

    def handle(self, *args, archive: Path, **options):
        try:
            counts = backup_restore(archive)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Restored {archive}"))
