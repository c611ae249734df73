"""Delete the article autosaves nobody has touched for a while (30 days by default)."""

from django.core.management.base import BaseCommand, CommandError

from articles.autosave import KEEP_DAYS, autosave_purge


class Command(BaseCommand):
    help = "Delete article autosaves untouched for DAYS days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = autosave_purge(days=days)
        self.stdout.write(f"{deleted} autosave(s) older than {days} days deleted.")
