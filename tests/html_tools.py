"""The page-validity tools from package.json: the Nu Html Checker and axe-core.

``make test`` installs them (``npm ci``). Outside CI a machine without them
skips the tests that need them, saying why; in CI a missing tool is a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def require(path: Path, what: str) -> None:
    """Skip (or, in CI, fail) when a tool from package.json is not installed."""
    if not path.exists():
        message = f"{what} is missing at {path}; `make test` installs it with npm ci."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Nu Html Checker errors for each page (name → HTML), keyed by page name."""
    require(VNU_JAR, "vnu-jar")
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("Java is needed to run the Nu Html Checker.")
        pytest.skip("Java is not installed; the Nu Html Checker needs it.")
    files, paths = {}, []
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
        paths.append(path)
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The checker writes its JSON report to standard error.
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors: dict[str, list[str]] = {name: [] for name in pages}
    for message in messages:
        name = files.get(message.get("url", "").rsplit("/", 1)[-1], "?")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message.get('message')} [{message.get('extract')}]"
        )
    return errors
