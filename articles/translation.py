from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, Photo, PhotoCredit, Section, Source, Tag


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Source)
class SourceTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(PhotoCredit)
class PhotoCreditTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Photo)
class PhotoTranslationOptions(TranslationOptions):
    fields = ("caption", "alt_text")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    # Empty names are NULL so that the per-language unique constraints hold.
    empty_values = {"name": None}
    required_languages = ("ar",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "standfirst", "body")
    # Empty slugs are NULL so that the per-language unique constraints hold.
    empty_values = {"slug": None}
    required_languages = {"ar": ("title",)}
