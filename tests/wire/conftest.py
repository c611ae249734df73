import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Ingest writes its log lines in the active language: these tests read them in English
    (the pages they open ask for English too)."""
    with translation.override("en"):
        yield
