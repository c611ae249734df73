"""Staff pages for translators: the queue and the import of translation files."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from newsroom.exchange import ImportRefused, translations_import
from newsroom.forms import TranslationImportForm
from newsroom.queue import translation_queue
from newsroom.translations import user_translation_languages


class _AdminPage:
    """A staff page inside the admin's frame (its header, sidebar and breadcrumbs)."""

    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **admin.site.each_context(self.request), title=self.title, **kwargs
        )


class TranslationQueueView(_AdminPage, TemplateView):
    """What awaits translation into the user's languages (an editor's: every language)."""

    template_name = "admin/newsroom/translation_queue.html"
    title = _("Translation queue")

    def get_context_data(self, **kwargs):
        languages = user_translation_languages(self.request.user)
        names = dict(settings.LANGUAGES)
        return super().get_context_data(
            languages=[(code, names[code]) for code in languages],
            parts=translation_queue(languages=languages),
            **kwargs,
        )


class TranslationImportView(_AdminPage, FormView):
    """Upload a translated PO or XLIFF file; all of it is imported, or nothing."""

    template_name = "admin/newsroom/translation_import.html"
    form_class = TranslationImportForm
    title = _("Import translations")

    def dispatch(self, request, *args, **kwargs):
        if not user_translation_languages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            written = translations_import(
                data=form.cleaned_data["file"],
                file_format=form.cleaned_data["file_format"],
                language=form.cleaned_data["language"],
                user=self.request.user,
            )
        except ImportRefused as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "Imported %(count)d translated field; nothing else changed.",
                "Imported %(count)d translated fields; nothing else changed.",
                written,
            )
            % {"count": written},
        )
        return HttpResponseRedirect(reverse("translations:queue"))
