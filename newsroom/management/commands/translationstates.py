from django.core.management.base import BaseCommand, CommandError

from newsroom.translation_states import translation_states_rebuild, translation_states_stale


class Command(BaseCommand):
    help = (
        "Check that the stored translation status of every translatable object is the "
        "computed one; with --rebuild, compute and store them all again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Recompute and store every status."
        )

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            written = translation_states_rebuild()
            self.stdout.write(f"{written} translation states stored.")
            return
        stale = translation_states_stale()
        for label, object_id, language in stale[:20]:
            self.stderr.write(f"{label} {object_id} ({language}): stale")
        if stale:
            raise CommandError(
                f"{len(stale)} stale translation states: run "
                "`manage.py translationstates --rebuild`."
            )
        self.stdout.write("Every stored translation status is up to date.")
