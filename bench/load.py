"""Drive the running app servers with wrk and print the figures of ``make bench``.

Two gunicorn servers run the same code against the same database: one with the
page cache off (every request renders the page: "uncached") and one with it on
("cached"; every URL is requested once before the measurement, so the
measurement is of cache hits). Each server's own /healthz — a fixed short
response through the whole middleware stack — is the baseline its pages are
compared with.

Usage: python bench/load.py PAGES_DIR UNCACHED_URL CACHED_URL PIDFILE...
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PAGES = ("article", "home", "tag", "person", "search", "feed")
DURATION = int(os.environ.get("BENCH_DURATION", "8"))  # seconds per measurement
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WARMUP = 2  # seconds before each measurement, not counted

#: Targets of issue 6, as shares of the baseline's requests per second.
TARGET_SHARE = {"article": 0.25, "uncached": 0.15, "cached": 0.90}
TARGET_P99_MS = {"home": 50, "tag": 50, "person": 50, "search": 50}


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(base_url: str, paths: list[str], duration: int) -> Result:
    """One bounded wrk run over ``paths`` in turn; wrk stops by itself after ``duration``."""
    quoted = ", ".join('"{}"'.format(p.replace("\\", "\\\\").replace('"', '\\"')) for p in paths)
    script = (
        f"paths = {{{quoted}}}\n"
        "i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{duration}s",
                "--timeout",
                "5s",
                "--latency",
                "-s",
                lua.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 30,
        ).stdout
    finally:
        os.unlink(lua.name)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE))
    if len(percentiles) < 2:  # not one response within the run (or too few for a p99)
        return Result(rps=0.0, p50_ms=float("inf"), p99_ms=float("inf"), requests=0, errors=1)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return Result(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
        errors=errors,
    )


def prefill(base_url: str, paths: list[str]) -> None:
    """Request every URL once, so that the cached measurement is of cache hits only."""
    for path in paths:
        with urllib.request.urlopen(base_url + path, timeout=10) as response:  # noqa: S310
            response.read()


def workers(pidfiles: list[str]) -> list[int]:
    """The worker processes of the gunicorn masters named by ``pidfiles``."""
    pids = []
    for pidfile in pidfiles:
        master = Path(pidfile).read_text().strip()
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        pids += [int(pid) for pid in children]
    return pids


def memory_kib(pid: int, field: str) -> int:
    """VmRSS (now) or VmHWM (peak) of a process, in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))


def verdict(page: str, mode: str, result: Result, baseline: Result) -> str:
    share = result.rps / baseline.rps
    wanted = (
        TARGET_SHARE["cached"]
        if mode == "cached"
        else TARGET_SHARE.get(page, TARGET_SHARE["uncached"])
    )
    notes = [f"{'met' if share >= wanted else 'MISSED'} ≥{wanted:.0%}"]
    if mode == "uncached" and page in TARGET_P99_MS:
        limit = TARGET_P99_MS[page]
        notes.append(f"p99 {'met' if result.p99_ms <= limit else 'MISSED'} ≤{limit} ms")
    if result.errors:
        notes.append(f"{result.errors} ERRORS")
    return ", ".join(notes)


def main(pages_dir: str, uncached_url: str, cached_url: str, *pidfiles: str) -> None:
    paths = {
        page: Path(pages_dir, f"{page}.txt").read_text().split()
        for page in PAGES
        if Path(pages_dir, f"{page}.txt").exists()
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Machine: {os.cpu_count()} cores, load average {load} before the run")
    print(
        f"wrk: 1 thread, {CONNECTIONS} connections, {DURATION} s per line after "
        f"{WARMUP} s warm-up; page URLs requested in turn"
    )
    header = (
        f"{'page':9} {'mode':9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs base':>8}  targets"
    )
    print(header)
    print("-" * len(header))
    rss_start: dict[int, int] = {}
    for mode, url, pidfile in (
        ("uncached", uncached_url, pidfiles[0]),
        ("cached", cached_url, pidfiles[1]),
    ):
        first_page = True
        wrk(url, ["/healthz"], WARMUP)
        baseline = wrk(url, ["/healthz"], DURATION)
        print(
            f"{'baseline':9} {mode:9} {baseline.rps:8.0f} {baseline.p50_ms:8.2f} "
            f"{baseline.p99_ms:8.2f} {'100%':>8}  /healthz"
        )
        for page in PAGES:
            if page not in paths:
                print(
                    f"{page:9} {mode:9} not available (no such page on this site: it answered 404)"
                )
                continue
            if mode == "cached":
                prefill(url, paths[page])
            wrk(url, paths[page], WARMUP)
            result = wrk(url, paths[page], DURATION)
            share = result.rps / baseline.rps
            if first_page:  # the server's caches and imports are warm from here on
                rss_start |= {pid: memory_kib(pid, "VmRSS") for pid in workers([pidfile])}
                first_page = False
            print(
                f"{page:9} {mode:9} {result.rps:8.0f} {result.p50_ms:8.2f} {result.p99_ms:8.2f} "
                f"{share:8.0%}  {verdict(page, mode, result, baseline)}"
            )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Machine: load average {load} after the run (other work on it skews every figure)")
    pids = list(rss_start)
    if not pids:
        return
    peak = max(memory_kib(pid, "VmHWM") for pid in pids) / 1024
    start = sum(rss_start.values()) / len(rss_start) / 1024
    end = sum(memory_kib(pid, "VmRSS") for pid in pids) / len(pids) / 1024
    print(
        f"Worker memory: peak RSS {peak:.1f} MiB (highest of {len(pids)} workers); "
        f"mean RSS {start:.1f} MiB after each server's first page type, {end:.1f} MiB at the end "
        f"({(end - start) / start:+.1%})"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
