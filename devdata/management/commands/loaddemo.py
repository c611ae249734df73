from django.core.management.base import BaseCommand

from devdata.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo articles with their people, organisations, authors, notes and photos "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed-only",
            action="store_true",
            help="Load the seed article alone (what most tests reason about), not the stories.",
        )

    def handle(self, *args, **options):
        article = load_demo(stories=not options["seed_only"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready: {article.get_absolute_url('ar')}")
        )
