"""make bench, a real news day: readers, an editor and a translator at once.

Readers request articles following a Zipf distribution (s = 1: a few hot stories,
a long tail) and the home, section and tag pages, each page type from its own
wrk process so that each gets its own figures; meanwhile an editor publishes a
new article or edits a hot one every 5 seconds and a translator saves a
translation every 10 seconds, through the services the admin uses
(``article_save``), so every save invalidates and purges as in production. Run
once through Varnish and once straight to the application. Before that, the
reader-only line of one article page: through Varnish, and as a static file
served by nginx (the ceiling of what a cache in front can reach).

Usage: python bench/mixed.py PAGES_DIR APP_URL VARNISH_URL NGINX_URL STATIC_DIR
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import close_old_connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Section, Tag  # noqa: E402
from articles.workflow import article_save  # noqa: E402

DURATION = int(os.environ.get("BENCH_MIXED_SECONDS", "30"))
CONNECTIONS = {"article": 4, "home": 1, "section": 1, "tag": 1}
ARTICLE_POOL = int(os.environ.get("BENCH_MIXED_ARTICLES", "20000"))
EDIT_EVERY, TRANSLATE_EVERY = 5.0, 10.0
SAMPLES = 50_000
#: Reader requests made once before the measurement (the hottest pages are cached by then).
PREFILL = int(os.environ.get("BENCH_MIXED_PREFILL", "300"))
TARGETS = {"article": 0.95, "home": 0.80}


def zipf(paths: list[str], count: int, rng: random.Random) -> list[str]:
    """``count`` requests over ``paths`` (hottest first) with Zipf weights 1/rank."""
    weights = [1 / rank for rank in range(1, len(paths) + 1)]
    return rng.choices(paths, weights=weights, k=count)


def reader_paths(rng: random.Random) -> dict[str, list[str]]:
    articles = [
        quote(f"/ar/news/{pk}/{slug}/")
        for pk, slug in Article.objects.public("ar")
        .order_by("-published_at", "-pk")
        .values_list("pk", "slug_ar")[:ARTICLE_POOL]
    ]
    tags = [
        tag.get_absolute_url("ar")
        for tag in Tag.objects.public("ar")
        .annotate(n=Count("tagged_articles"))
        .order_by("-n")[:200]
    ]
    sections = [section.get_absolute_url("ar") for section in Section.objects.public("ar")]
    return {
        "article": zipf(articles, SAMPLES, rng),
        "home": ["/ar/", "/ar/", "/ar/", "/ru/", "/en/"],
        "section": zipf(sections, 2000, rng),
        "tag": zipf(tags, 5000, rng),
    }


LUA = """
paths = {%(paths)s}
i = 0
hits, app_hits, misses, bad = 0, 0, 0, 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
  local front = headers["X-Cache"]
  local app = headers["X-Page-Cache"]
  if front == "HIT" then hits = hits + 1
  elseif app == "hit" then app_hits = app_hits + 1
  else misses = misses + 1 end
end
done = function(summary, latency, requests)
end
"""
# wrk runs response() in the thread's own Lua state: the thread prints its counts.
LUA_THREAD = """
setup = function(thread) table.insert(threads, thread) end
threads = {}
done = function(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("COUNTS %d %d %d %d\\n",
      t:get("hits"), t:get("app_hits"), t:get("misses"), t:get("bad")))
  end
end
"""


@dataclass
class Line:
    rps: float = 0.0
    p50: float = float("inf")
    p99: float = float("inf")
    errors: int = 0
    front_hits: int = 0
    app_hits: int = 0
    misses: int = 0


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk_start(url: str, paths: list[str], connections: int, seconds: int):
    quoted = ", ".join('"{}"'.format(p.replace('"', '\\"')) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": quoted} + LUA_THREAD)
    process = subprocess.Popen(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            script.name,
            url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, script.name


def wrk_result(process, script: str) -> Line:
    out = process.communicate()[0]
    os.unlink(script)
    line = Line()
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE))
    if "50" in percentiles:
        line.p50 = _ms(percentiles["50"])
        line.p99 = _ms(percentiles["99"]) if "99" in percentiles else float("inf")
    if rate := re.search(r"Requests/sec:\s+([\d.]+)", out):
        line.rps = float(rate.group(1))
    line.errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    for hits, app_hits, misses, bad in re.findall(r"COUNTS (\d+) (\d+) (\d+) (\d+)", out):
        line.front_hits += int(hits)
        line.app_hits += int(app_hits)
        line.misses += int(misses)
        line.errors += int(bad)
    return line


def letters(number: int) -> str:
    """``number`` in Arabic letters: Arabic pages write digits in Arabic-Indic ones and set
    Latin runs apart for the bidi algorithm, so neither would be found as written."""
    out = ""
    while number:
        number, digit = divmod(number, 20)
        out += chr(0x0628 + digit)  # Arabic letters from beh on
    return out


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def visible_after(url: str, text: str, since: float, limit: float = 10.0) -> float:
    """Seconds from ``since`` until ``url`` shows ``text`` (inf past ``limit``)."""
    while time.perf_counter() - since < limit:
        status, body = fetch(url)
        if status == 200 and text in body:
            return time.perf_counter() - since
        time.sleep(0.01)
    return float("inf")


@dataclass
class Desk:
    """The editor and the translator, saving through the services while readers read."""

    front: str
    rng: random.Random
    hot: list[int]
    stop: threading.Event = field(default_factory=threading.Event)
    published: list[float] = field(default_factory=list)
    edited: list[float] = field(default_factory=list)
    translated: list[float] = field(default_factory=list)
    failures: int = 0

    def editor(self) -> None:
        n = 0
        while not self.stop.wait(EDIT_EVERY):
            n += 1
            try:
                if n % 2:
                    marker = f"عاجل {letters(time.time_ns())}"
                    article = Article(
                        title_ar=marker,
                        body_ar="<p>نص الخبر العاجل.</p>",
                        slug_ar=f"breaking-{time.time_ns()}",
                        status=Article.Status.PUBLISHED,
                        published_at=timezone.now(),
                    )
                    since = time.perf_counter()
                    article_save(article=article, user=None, changed=())
                    self.published.append(visible_after(self.front + "/ar/", marker, since))
                else:
                    article = Article.objects.get(pk=self.rng.choice(self.hot))
                    marker = f"تحديث {letters(time.time_ns())}"
                    article.standfirst_ar = marker
                    since = time.perf_counter()
                    article_save(article=article, user=None, changed={"standfirst_ar"})
                    url = self.front + article.get_absolute_url("ar")
                    self.edited.append(visible_after(url, marker, since))
            except Exception as error:
                self.failures += 1
                print(f"  editor: {error}", file=sys.stderr)
            finally:
                close_old_connections()

    def translator(self) -> None:
        while not self.stop.wait(TRANSLATE_EVERY):
            try:
                article = Article.objects.get(pk=self.rng.choice(self.hot))
                marker = f"Перевод {time.time_ns()}"
                article.title_ru = marker
                article.body_ru = article.body_ru or "<p>Текст.</p>"
                changed = {"title_ru", "body_ru"}
                if not article.slug_ru:
                    article.slug_ru = f"perevod-{article.pk}"
                    changed.add("slug_ru")
                since = time.perf_counter()
                article_save(article=article, user=None, changed=changed)
                url = self.front + article.get_absolute_url("ru")
                self.translated.append(visible_after(url, marker, since))
            except Exception as error:
                self.failures += 1
                print(f"  translator: {error}", file=sys.stderr)
            finally:
                close_old_connections()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def seconds(values: list[float]) -> str:
    if not values:
        return "none"
    return (
        f"p50 {pct(values, 0.5) * 1000:.0f} ms, p99 {pct(values, 0.99) * 1000:.0f} ms, "
        f"max {max(values) * 1000:.0f} ms ({len(values)} saves)"
    )


def single(url: str, path: str) -> Line:
    for _ in range(2):
        fetch(url + path)
    process, script = wrk_start(url, [path], 4, max(4, DURATION // 4))
    return wrk_result(process, script)


def mixed(name: str, front: str, paths: dict[str, list[str]], rng: random.Random) -> None:
    hot = [int(p.split("/")[3]) for p in paths["article"][:200]]
    desk = Desk(front=front, rng=rng, hot=hot)
    for page_paths in paths.values():  # every reader URL once: a day that has begun
        for path in dict.fromkeys(page_paths[:PREFILL]):
            fetch(front + path)
    runs = {
        page: wrk_start(front, page_paths, CONNECTIONS[page], DURATION)
        for page, page_paths in paths.items()
    }
    threads = [threading.Thread(target=desk.editor), threading.Thread(target=desk.translator)]
    for thread in threads:
        thread.start()
    results = {page: wrk_result(*run) for page, run in runs.items()}
    desk.stop.set()
    for thread in threads:
        thread.join()
    print(
        f"-- {name}: {DURATION} s, readers per page type + editor every 5 s + translator every 10 s"
    )
    print(
        f"{'page':8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>8} {'front hit':>9} {'app hit':>8} "
        f"{'errors':>6}  targets"
    )
    for page, line in results.items():
        total = line.front_hits + line.app_hits + line.misses or 1
        front_share = line.front_hits / total
        # The application's hit ratio: among the requests that reached it.
        reached = line.app_hits + line.misses or 1
        app_ratio = line.app_hits / reached
        either = (line.front_hits + line.app_hits) / total
        notes = []
        if page in TARGETS:
            notes.append(
                f"hit {'met' if either >= TARGETS[page] else 'MISSED'} "
                f"≥{TARGETS[page]:.0%} ({either:.1%})"
            )
        notes.append("no errors" if not line.errors else f"{line.errors} ERRORS")
        print(
            f"{page:8} {line.rps:7.0f} {line.p50:7.2f} {line.p99:8.2f} "
            f"{front_share:9.1%} {app_ratio:8.1%} {line.errors:6d}  {', '.join(notes)}"
        )
    late = max([*desk.published, *desk.edited, 0.0])
    print(f"publish to visible on the home page: {seconds(desk.published)}")
    print(f"edit to visible on the article page: {seconds(desk.edited)}")
    print(f"translation to visible on its page:  {seconds(desk.translated)}")
    visible = [*desk.published, *desk.edited]
    if visible:
        p99 = pct(visible, 0.99)
        print(
            f"publish/edit-to-visible p99 {p99 * 1000:.0f} ms: "
            f"{'met' if p99 <= 1 else 'MISSED'} ≤1 s (max {late * 1000:.0f} ms)"
        )
    if desk.failures:
        print(f"{desk.failures} SAVES FAILED")


def main(pages_dir: str, app: str, varnish: str, nginx: str, static_dir: str) -> None:
    rng = random.Random(17)  # noqa: S311 - a reproducible load, not a secret
    paths = reader_paths(rng)
    article = paths["article"][0]
    _status, body = fetch(app + article)
    Path(static_dir, "article.html").write_text(body)
    print(
        f"Machine: {os.cpu_count()} cores, "
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print("-- one article page, readers only (wrk 1 thread, 4 connections)")
    static = single(nginx, "/article.html")
    front = single(varnish, article)
    direct = single(app, article)
    print(
        f"{'nginx':8} static file   {static.rps:7.0f} req/s  "
        f"p50 {static.p50:.2f} ms  p99 {static.p99:.2f} ms"
    )
    share = front.rps / static.rps if static.rps else 0
    print(
        f"{'varnish':8} article page  {front.rps:7.0f} req/s  "
        f"p50 {front.p50:.2f} ms  p99 {front.p99:.2f} ms  {share:.0%} of nginx: "
        f"{'met' if share >= 0.5 else 'MISSED'} ≥50%, "
        f"p99 {'met' if front.p99 <= 10 else 'MISSED'} ≤10 ms"
    )
    print(
        f"{'app':8} article page  {direct.rps:7.0f} req/s  "
        f"p50 {direct.p50:.2f} ms  p99 {direct.p99:.2f} ms  (page cache hit, no Varnish)"
    )
    mixed("through Varnish", varnish, paths, rng)
    mixed("without Varnish", app, paths, rng)


if __name__ == "__main__":
    main(*sys.argv[1:])
