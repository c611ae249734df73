"""gunicorn settings for production (``gunicorn newsroom.wsgi`` reads this file).

Sync workers: each handles one request at a time, so a slow client never holds
the rest up as long as a proxy (nginx, a load balancer) buffers in front. The
worker count is 2 per core plus 1 (gunicorn's rule of thumb, workers overlap
their database waits); set WEB_CONCURRENCY to change it. ``make bench`` runs
one worker per core because wrk and PostgreSQL share this machine's cores.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Requests come from the proxy on the same host; it sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
timeout = 30
graceful_timeout = 30


def post_worker_init(worker):
    """Move the loaded application out of the garbage collector's sight.

    Django, the apps and their modules are hundreds of thousands of long-lived
    objects; frozen, they are no longer walked by every full collection, which
    otherwise shows up as latency spikes.
    """
    gc.collect()
    gc.freeze()
