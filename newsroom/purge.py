"""Purging HTTP caches in front of the site (Varnish, CDNs) by dependency key.

Every cached page carries its dependency keys (``newsroom.dependencies``) as
short tokens in a response header — ``xkey`` for Varnish's xkey module,
``Cache-Tag`` for Cloudflare, ``Surrogate-Key`` for Fastly — and when the
objects behind a key change, the page cache asks every configured backend to
purge that key's token: softly (the cache may still serve the old copy while
the application does not answer; Varnish refetches it on the next request
otherwise), or hard for content that must be gone at once (an unpublished
article).

Backends are configured like Wagtail's ``WAGTAILFRONTENDCACHE``::

    NEWSROOM_PURGE_BACKENDS = {
        "varnish": {"BACKEND": "newsroom.purge.VarnishBackend",
                    "LOCATION": "http://127.0.0.1:6081"},
        "cloudflare": {"BACKEND": "newsroom.purge.CloudflareBackend",
                       "ZONE_ID": "...", "BEARER_TOKEN": "..."},
    }

A purge that fails is logged and never fails the save that caused it: the
HTTP cache then serves the old page until its ``max-age``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

#: Seconds a purge request may take before it is given up (and logged).
TIMEOUT = 2.0


def token(tag: str) -> str:
    """The short token of a dependency tag (``ar|articles.article:12``) in headers."""
    return hashlib.blake2b(tag.encode(), digest_size=5).hexdigest()


class PurgeBackend:
    """Purges pages by token from one HTTP cache."""

    #: The response header this cache reads a page's tokens from.
    header = "xkey"
    #: Tokens per purge request (the API's limit).
    batch = 1000

    def __init__(self, params: dict):
        self.params = params

    def purge(self, tokens: list[str], *, hard: bool) -> None:
        raise NotImplementedError

    def request(self, url: str, *, method: str, headers: dict, data: dict | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"A purge goes to an http(s) address, not {url!r}.")
        body = None if data is None else json.dumps(data).encode()
        if body is not None:
            headers = {**headers, "Content-Type": "application/json"}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
        timeout = self.params.get("TIMEOUT", TIMEOUT)
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            answer.read()


class VarnishBackend(PurgeBackend):
    """Varnish with the xkey module and the VCL in ``deploy/varnish/newsroom.vcl``: a
    ``PURGE`` request with ``xkey-purge`` (hard) or ``xkey-softpurge`` (soft)."""

    def purge(self, tokens, *, hard):
        name = "xkey-purge" if hard else "xkey-softpurge"
        for location in self.params["LOCATION"].split(","):
            self.request(location.strip() + "/", method="PURGE", headers={name: " ".join(tokens)})


class CloudflareBackend(PurgeBackend):
    """Cloudflare's purge by cache tag (``Cache-Tag`` header): always a hard purge."""

    header = "Cache-Tag"
    batch = 30  # tags per purge call

    def purge(self, tokens, *, hard):
        api = self.params.get("API_URL", "https://api.cloudflare.com/client/v4")
        self.request(
            f"{api}/zones/{self.params['ZONE_ID']}/purge_cache",
            method="POST",
            headers={"Authorization": f"Bearer {self.params['BEARER_TOKEN']}"},
            data={"tags": tokens},
        )


class FastlyBackend(PurgeBackend):
    """Fastly's purge by surrogate key (``Surrogate-Key`` header), soft unless removing."""

    header = "Surrogate-Key"
    batch = 256

    def purge(self, tokens, *, hard):
        api = self.params.get("API_URL", "https://api.fastly.com")
        headers = {"Fastly-Key": self.params["API_KEY"], "Surrogate-Key": " ".join(tokens)}
        if not hard:
            headers["Fastly-Soft-Purge"] = "1"
        url = f"{api}/service/{self.params['SERVICE_ID']}/purge"
        self.request(url, method="POST", headers=headers)


def backends() -> list[PurgeBackend]:
    configured = getattr(settings, "NEWSROOM_PURGE_BACKENDS", {}) or {}
    key = repr(configured)
    if _loaded.get("key") != key:
        _loaded.update(
            key=key,
            backends=[import_string(params["BACKEND"])(params) for params in configured.values()],
        )
    return _loaded["backends"]


_loaded: dict = {}


def headers(tags: Iterable[str]) -> dict[str, str]:
    """The headers that carry ``tags`` to the configured HTTP caches (``xkey`` always:
    harmless where no Varnish reads it, and what a local Varnish needs)."""
    tokens = " ".join(sorted({token(tag) for tag in tags}))
    names = {"xkey", *(backend.header for backend in backends())}
    return dict.fromkeys(names, tokens) if tokens else {}


def purge(tags: Iterable[str], *, hard: bool = False) -> None:
    """Purge the pages depending on ``tags`` from every configured HTTP cache."""
    tokens = sorted({token(tag) for tag in tags})
    for backend in backends():
        for start in range(0, len(tokens), backend.batch):
            try:
                backend.purge(tokens[start : start + backend.batch], hard=hard)
            except Exception as error:  # an HTTP cache down never fails a save
                logger.warning(
                    "Purging %d keys from %s failed: %s", len(tokens), type(backend).__name__, error
                )
