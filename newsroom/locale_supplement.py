"""The admin strings of the apps we use that their own catalogues leave in English.

django-axes, django-taggit and django-reversion ship Arabic and Russian
catalogues, but with gaps (strings added in later releases). Listing those
strings here puts them in our catalogues (``makemessages``), where they are
translated with the rest of the newsroom's strings; ``LOCALE_PATHS`` come first
when Django looks a string up, so ours fill the gaps. After upgrading one of
these apps, ``tests/newsroom/test_locale_supplement.py`` names any new string
its catalogues lack: add it here and translate it.

The rich-text editor's strings (JavaScript) are listed in
``static/js/admin-prose-editor-i18n.js``, for the ``djangojs`` catalogues.
"""

from django.utils.translation import gettext_noop

#: msgids exactly as each app writes them.
STRINGS = {
    "axes": [
        gettext_noop("Locked Out"),
        gettext_noop("Clean up expired attempts"),
        gettext_noop("Cleaned up {count} expired access attempts."),
        gettext_noop("Not set"),
        gettext_noop("Attempt Remaining"),
        gettext_noop("User Agent"),
        gettext_noop("HTTP Accept"),
        gettext_noop("Access Attempt"),
        gettext_noop("Expires At"),
        gettext_noop("The time when access attempt expires and is no longer valid."),
        gettext_noop("access attempt expiration"),
        gettext_noop("access attempt expirations"),
        gettext_noop("Session key hash (sha256)"),
    ],
    "taggit": [
        gettext_noop('Expected a list of items but got type "{input_type}".'),
        gettext_noop("Invalid json list. A tag list submitted in string form must be valid json."),
        gettext_noop("All list items must be of string type."),
    ],
    "reversion": [
        gettext_noop("Could not load %(object_repr)s version - not found"),
        gettext_noop("Could not save %(object_repr)s version - missing dependency."),
        gettext_noop("revision"),
        gettext_noop("revisions"),
        gettext_noop("Could not load %(object_repr)s version - incompatible version data."),
        gettext_noop("Could not load %(object_repr)s version - unknown serializer %(format)s."),
        gettext_noop("versions"),
        gettext_noop("Reversion"),
    ],
}
