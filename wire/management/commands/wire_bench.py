"""``manage.py wire_bench [--items 1000]``: measure ingest volume (items per second).

Generates agency items (ninjs, in Russian, English and Arabic, with subjects and
keywords), ingests them in deliveries of ``--batch`` items as the push endpoint and the
drop folder do, then delivers them all again (the idempotent pass: nothing changes), and
prints both rates. Rerunnable: each run uses item ids of its own, and removes the drafts,
items and log lines it made unless ``--keep``.
"""

import json
import time
import uuid

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, Source
from newsroom.content import content_save
from wire.ingest import ingest_delivery
from wire.models import Agency, IngestLog, WireItem

TEXTS = {
    "ru": ("Переговоры министров", "Министры обсудили сотрудничество и гуманитарные вопросы."),
    "en": ("Ministers hold talks", "The ministers discussed cooperation and humanitarian issues."),
    "ar": ("محادثات الوزراء", "ناقش الوزراء التعاون والمسائل الإنسانية."),
}


def items(run: str, count: int) -> list[dict]:
    result = []
    for n in range(count):
        language = ("ru", "en", "ar")[n % 3]
        headline, sentence = TEXTS[language]
        result.append(
            {
                "uri": f"urn:bench:{run}:{n}",
                "version": "1",
                "type": "text",
                "language": language,
                "urgency": n % 8 + 1,
                "headlines": [{"role": "main", "value": f"{headline} {n}"}],
                "descriptions": [{"role": "summary", "value": sentence}],
                "bodies": [
                    {
                        "role": "main",
                        "contenttype": "text/html",
                        "value": "".join(f"<p>{sentence} {i}</p>" for i in range(12)),
                    }
                ],
                "by": "Bench",
                "subjects": [{"name": f"subject {n % 20}", "uri": f"medtop:{n % 20}"}],
                "keywords": [f"keyword {n % 7}"],
            }
        )
    return result


class Command(BaseCommand):
    help = "Measure agency ingest volume (items per second)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=1000)
        parser.add_argument("--batch", type=int, default=100)
        parser.add_argument("--keep", action="store_true", help="keep the drafts it made")

    def handle(self, *args, items: int, batch: int, keep: bool, **options):
        agency = Agency.objects.filter(slug="bench-wire").first()
        if agency is None:
            source = Source.objects.filter(slug="bench-wire").first() or content_save(
                obj=Source(slug="bench-wire", name_ar="وكالة القياس", name_en="Bench wire"),
                changed=(),
            )
            agency = Agency.objects.create(
                name="Bench wire", slug="bench-wire", source=source, language="en"
            )
        run = uuid.uuid4().hex[:8]
        generated = globals()["items"](run, items)
        deliveries = [json.dumps(generated[i : i + batch]).encode() for i in range(0, items, batch)]
        for label in ("first delivery", "same items again"):
            start = time.perf_counter()
            lines = []
            for data in deliveries:
                lines += ingest_delivery(agency=agency, data=data, channel="bench")
            seconds = time.perf_counter() - start
            errors = sum(1 for line in lines if line.level == IngestLog.Level.ERROR)
            self.stdout.write(
                f"wire ingest, {label}: {items} items in {seconds:.1f} s = "
                f"{items / seconds:.0f} items/s ({errors} refused)"
            )
        if not keep:
            with transaction.atomic():
                made = WireItem.objects.filter(agency=agency, guid__startswith=f"urn:bench:{run}:")
                Article.objects.filter(pk__in=made.values("article_id")).delete()
                made.delete()
                IngestLog.objects.filter(agency=agency, channel="bench").delete()
