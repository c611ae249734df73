"""URL converters for public routes (importing this module registers them)."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """A slug that may hold Arabic or Cyrillic letters (Django's ``slug`` is ASCII only)."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
