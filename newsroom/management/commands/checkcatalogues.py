import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHECKED_LANGUAGES = ("ar", "ru")
#: The catalogues checked: the server's strings, and the admin scripts' (the prose editor's
#: toolbar), with the folders whose scripts are not ours.
DOMAINS = {"django": (), "djangojs": ("static/vendor",)}


class Command(BaseCommand):
    help = (
        "Fail when a UI string is missing from, untranslated in or fuzzy in the ar or ru "
        "catalogue. Extracts the strings afresh in a scratch copy, so the tree is not touched."
    )

    def handle(self, *args, **options):
        import polib

        if shutil.which("xgettext") is None:
            raise CommandError("GNU gettext is not installed (apt-get install gettext).")
        base = Path(settings.BASE_DIR)
        files = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],  # noqa: S607
            cwd=base,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        problems = []
        with tempfile.TemporaryDirectory() as scratch:
            for name in files:
                source = base / name
                if source.is_file():
                    target = Path(scratch) / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
            languages = [arg for code in CHECKED_LANGUAGES for arg in ("-l", code)]
            for domain, ignore in DOMAINS.items():
                subprocess.run(  # noqa: S603 - fixed command
                    [
                        sys.executable,
                        "manage.py",
                        "makemessages",
                        "--no-obsolete",
                        "-d",
                        domain,
                        *languages,
                        *(f"--ignore={pattern}" for pattern in ignore),
                    ],
                    cwd=scratch,
                    capture_output=True,
                    check=True,
                )
            for code, domain in ((code, d) for code in CHECKED_LANGUAGES for d in DOMAINS):
                catalogue = polib.pofile(
                    str(Path(scratch) / "locale" / code / "LC_MESSAGES" / f"{domain}.po")
                )
                for entry in catalogue.untranslated_entries():
                    problems.append(f"{code} {domain}: untranslated: {entry.msgid!r}")
                for entry in catalogue.fuzzy_entries():
                    problems.append(f"{code} {domain}: fuzzy: {entry.msgid!r}")
                # A plural message needs every form the language's Plural-Forms names.
                forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
                for entry in catalogue.translated_entries():
                    if entry.msgid_plural and len(entry.msgstr_plural) < forms:
                        problems.append(f"{code}: {forms} plural forms needed: {entry.msgid!r}")
                self.stdout.write(
                    f"{code} ({domain}): {len(catalogue.translated_entries())} strings translated"
                )
        if problems:
            raise CommandError(
                "The UI catalogues are incomplete (run 'make messages' and translate):\n"
                + "\n".join(problems)
            )
        self.stdout.write(self.style.SUCCESS("The ar and ru catalogues are complete."))
