from django.core.management.base import BaseCommand

from devdata.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo article with its people, organisations, source and photo (idempotent)."

    def handle(self, *args, **options):
        article = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready: {article.get_absolute_url('ar')}")
        )
