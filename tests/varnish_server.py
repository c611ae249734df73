"""A Varnish of a test's own (``varnishd`` with the repository's VCL) in front of a server."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.redis_server import free_port

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "newsroom.vcl"


def ports(count: int) -> list[int]:
    """``count`` ports: from ``TEST_SERVER_PORTS`` (comma-separated) when set, else free ones."""
    wanted = [int(p) for p in os.environ.get("TEST_SERVER_PORTS", "").split(",") if p.strip()]
    return wanted[:count] if len(wanted) >= count else [free_port() for _ in range(count)]


class Varnish:
    """``varnishd`` in the foreground, with a working folder in ``folder``, in front of
    ``backend_port`` on loopback."""

    def __init__(self, folder: Path, backend_port: int) -> None:
        self.folder = folder
        self.port, self.admin_port = ports(2)
        self.url = f"http://127.0.0.1:{self.port}"
        vcl = re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text(), count=1)
        (folder / "newsroom.vcl").write_text(vcl)
        (folder / "secret").write_text(secrets.token_hex(16))
        self.process: subprocess.Popen | None = None

    def start(self) -> Varnish:
        self.process = subprocess.Popen(  # noqa: S603 - the installed varnishd, fixed arguments
            [
                shutil.which("varnishd") or "/usr/sbin/varnishd",
                "-F",
                "-j",
                "none",
                "-n",
                str(self.folder / "work"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                f"127.0.0.1:{self.admin_port}",
                "-S",
                str(self.folder / "secret"),
                "-f",
                str(self.folder / "newsroom.vcl"),
                "-s",
                "malloc,64m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).read()  # noqa: S310
                return self
            except urllib.error.HTTPError:
                return self  # Varnish answers (the backend may not yet)
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"varnishd did not start on port {self.port}")

    def admin(self, *command: str) -> str:
        return subprocess.run(  # noqa: S603 - the installed varnishadm, fixed arguments
            [
                shutil.which("varnishadm") or "/usr/bin/varnishadm",
                "-T",
                f"127.0.0.1:{self.admin_port}",
                "-S",
                str(self.folder / "secret"),
                *command,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None
