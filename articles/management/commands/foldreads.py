from django.core.management.base import BaseCommand

from articles.mostread import reads_fold


class Command(BaseCommand):
    help = (
        "Add the read counts waiting in the cache to the database (the site does it by itself "
        "at most once a minute, on a reader's visit; this is for a quiet site or a deploy)."
    )

    def handle(self, *args, **options):
        folded = reads_fold()
        if options["verbosity"]:
            self.stdout.write(f"{folded} reads folded into the database.")
