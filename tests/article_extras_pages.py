"""The pages issue 14 added to the article side, over the full demo: an article with bylines,
notes and related stories, an author page and the corrections page, in each language."""

from django.core.management import call_command

from articles.models import Article

LANGUAGES = ("ar", "ru", "en")


def extras_paths() -> dict[str, str]:
    """Load the full demo; name → path of each page to check, in every language."""
    call_command("loaddemo")
    corrected = Article.objects.get(notes__kind="correction")
    return {
        f"{language}-{name}": path
        for language in LANGUAGES
        for name, path in {
            "article": corrected.get_absolute_url(language),
            "author": f"/{language}/author/omar-saleh/",
            "corrections": f"/{language}/corrections/",
        }.items()
    }
