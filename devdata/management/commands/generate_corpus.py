import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from devdata.corpus import corpus_generate


class Command(BaseCommand):
    help = (
        "Generate a realistic corpus of articles in Arabic, Russian and English, with shared "
        "people, organisations, sources, sections, tags and photos (for benchmarks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="How many articles.")
        parser.add_argument("--batch-size", type=int, default=1000, help="Rows per insert.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, articles, batch_size, seed, no_progress, **options):
        if articles < 0 or batch_size < 1:
            raise CommandError("--articles must be 0 or more and --batch-size 1 or more.")
        started, cpu_started = time.perf_counter(), time.process_time()
        with tqdm(
            total=articles, unit="article", disable=no_progress, file=self.stderr._out
        ) as bar:
            stats = corpus_generate(
                articles=articles, batch_size=batch_size, seed=seed, progress=bar.update
            )
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        shared = ", ".join(f"{count} {name}" for name, count in stats.shared.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {stats.articles} articles and {stats.links} links to {shared} "
                f"in {elapsed:.1f} s ({cpu:.1f} s of CPU in this process)."
            )
        )
