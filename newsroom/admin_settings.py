"""A staff member's own settings in the admin: *My settings*, and the language switch in the
admin's header."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from newsroom.admin_language import admin_language_of, admin_language_set
from newsroom.models import StaffProfile


def _safe_next(request, fallback: str = "admin:index") -> str:
    """Where to go back to: the page the form was on, if it is one of this site's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)


@require_POST
def admin_language_switch(request):
    """The header's language switch: store the choice and go back to the same page."""
    try:
        admin_language_set(user=request.user, language=request.POST.get("language", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(_safe_next(request))


def _language_choices() -> list[tuple[str, str]]:
    # Each language in its own name: whoever reads it recognises theirs.
    return [
        (StaffProfile.BROWSER_DEFAULT, gettext("Browser default")),
        *((code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES),
    ]


class MySettingsForm(forms.Form):
    admin_language = forms.ChoiceField(
        label=_("Admin language"),
        choices=_language_choices,
        required=False,
        help_text=StaffProfile._meta.get_field("admin_language").help_text,
        widget=forms.RadioSelect,
    )


class MySettingsView(FormView):
    """*My settings*: the admin's language, for the signed-in person."""

    template_name = "admin/newsroom/my_settings.html"
    form_class = MySettingsForm
    admin_site: AdminSite | None = None

    def get_initial(self):
        return {"admin_language": admin_language_of(self.request.user)}

    def form_valid(self, form):
        language = form.cleaned_data["admin_language"]
        admin_language_set(user=self.request.user, language=language)
        # Said in the language the next page is in.
        with translation.override(language or translation.get_language_from_request(self.request)):
            messages.success(self.request, gettext("Your settings are saved."))
        return HttpResponseRedirect(self.request.path)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.admin_site.each_context(self.request), title=gettext("My settings"), **kwargs
        )
