from django.core.management.base import BaseCommand

from articles.images import photo_renditions_ensure, photo_renditions_generate
from articles.models import Photo
from newsroom.events import Change, content_announce


class Command(BaseCommand):
    help = (
        "Make the responsive renditions of photos that lack them (saving a photo makes them; "
        "this is for photos stored before renditions existed). --all remakes every photo's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="remake existing renditions too")

    def handle(self, *args, **options):
        photos = Photo.objects.exclude(image="").order_by("pk")
        for photo in photos.iterator():
            if options["all"]:
                photo_renditions_generate(photo)
            else:
                photo_renditions_ensure(photo)
        # Renditions only: nothing derived from the photos' text changes.
        content_announce(
            model=Photo, pks=photos.values_list("pk", flat=True), kind=Change.UPDATED, bulk=True
        )
        self.stdout.write(self.style.SUCCESS(f"Renditions ready for {photos.count()} photos."))
