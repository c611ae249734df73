from modeltranslation.translator import TranslationOptions, register

from people.models import Organisation, Person


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "description")
    required_languages = ("ar",)


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("name", "role", "bio")
    required_languages = ("ar",)
