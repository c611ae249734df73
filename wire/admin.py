"""The «Incoming wire» screen (items by agency, language, urgency and time; «Take» opens the
draft), the ingest log, agencies and entity aliases."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.dates import date_column
from newsroom.diff import html_text, word_diff
from wire.ingest import apply_pending
from wire.models import Agency, EntityName, IngestLog, WireItem
from wire.parsers import BadItem, ParsedItem


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "source", "language", "feed_url", "active", "push_address"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["source"]

    @admin.display(description=_("push address"))
    def push_address(self, obj):
        return reverse("wire:push", args=[obj.slug])


class UrgencyFilter(admin.SimpleListFilter):
    title = _("urgency")
    parameter_name = "urgency"

    def lookups(self, request, model_admin):
        return [("flash", _("Flash (1–2)")), ("high", _("High (3–4)")), ("other", _("Other"))]

    def queryset(self, request, queryset):
        return {
            "flash": lambda q: q.filter(urgency__lte=2),
            "high": lambda q: q.filter(urgency__in=[3, 4]),
            "other": lambda q: q.exclude(urgency__lte=4),
        }.get(self.value(), lambda q: q)(queryset)


class UpdateFilter(admin.SimpleListFilter):
    title = _("agency update available")
    parameter_name = "update"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        return queryset.filter(pending__isnull=False) if self.value() == "yes" else queryset


@admin.register(WireItem)
class WireItemAdmin(admin.ModelAdmin):
    list_display = [
        "take",
        "headline_shown",
        "urgency",
        "language",
        "agency",
        date_column(WireItem, "received_at"),
        "embargo_shown",
        "flags",
    ]
    list_display_links = ["headline_shown"]
    list_filter = ["agency", "language", UrgencyFilter, "pubstatus", UpdateFilter, "received_at"]
    search_fields = ["headline", "guid"]
    date_hierarchy = "received_at"
    list_select_related = ["agency", "article", "taken_by"]
    readonly_fields = [
        "agency",
        "guid",
        "version",
        "format",
        "language",
        "headline",
        "byline",
        "dateline",
        "urgency",
        "embargo",
        "pubstatus",
        "article",
        "unmatched",
        "received_at",
        "taken_by",
        "taken_at",
        "update_diff",
    ]
    fields = readonly_fields
    actions = ["apply_update"]

    @admin.action(description=_("Apply the agency update to the selected drafts"))
    def apply_update(self, request, queryset):
        applied = 0
        for item in queryset.filter(pending__isnull=False):
            try:
                apply_pending(wire_item=item, user=request.user)
                applied += 1
            except (PermissionDenied, ValidationError, BadItem) as error:
                self.message_user(request, f"{item}: {error}", messages.ERROR)
        self.message_user(
            request,
            ngettext(
                "%(count)d agency update applied.", "%(count)d agency updates applied.", applied
            )
            % {"count": applied},
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("articles.change_article"):
            actions.pop("apply_update", None)
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("headline"), ordering="headline")
    def headline_shown(self, obj):
        """In the item's language and direction, whatever the admin's."""
        direction = "rtl" if get_language_info(obj.language)["bidi"] else "ltr"
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', obj.language, direction, obj.headline
        )

    @admin.display(description=_("embargoed until"), ordering="embargo")
    def embargo_shown(self, obj):
        if obj.embargo is None:
            return ""
        return format_html(
            '<strong class="wire-embargo">{}</strong>', date_column(WireItem, "embargo")(obj)
        )

    @admin.display(description=_("flags"))
    def flags(self, obj):
        flags = []
        if obj.pubstatus != WireItem.PubStatus.USABLE:
            flags.append(obj.get_pubstatus_display())
        if obj.update_available:
            flags.append(_("Agency update available"))
        if obj.taken_by_id:
            flags.append(_("Taken by %(user)s") % {"user": obj.taken_by})
        return format_html_join(" ", '<span class="wire-flag">{}</span>', ((f,) for f in flags))

    @admin.display(description=_("take"))
    def take(self, obj):
        if obj.article_id is None:
            return ""
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:wire_wireitem_take", args=[obj.pk]),
            _("Take"),
        )

    @admin.display(description=_("agency update available"))
    def update_diff(self, obj):
        if not obj.update_available or obj.article is None:
            return "—"
        update = ParsedItem.from_json(obj.pending)
        article, code = obj.article, obj.language
        from articles.richtext import sanitize_body

        rows = [
            (_("headline"), word_diff(getattr(article, f"title_{code}") or "", update.headline)),
            (
                _("standfirst"),
                word_diff(getattr(article, f"standfirst_{code}") or "", update.standfirst),
            ),
            (
                _("body"),
                word_diff(
                    html_text(getattr(article, f"body_{code}") or ""),
                    html_text(sanitize_body(update.body)),
                ),
            ),
        ]
        return format_html(
            '<p>{}</p><dl class="wire-diff" lang="{}">{}</dl>',
            _("Version %(version)s from the agency, against the draft as the desk changed it:")
            % {"version": obj.pending_version},
            code,
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/take/",
                self.admin_site.admin_view(self.take_view),
                name="wire_wireitem_take",
            ),
            *super().get_urls(),
        ]

    def take_view(self, request, pk):
        """«Take»: the item is this person's now; open its draft."""
        item = get_object_or_404(WireItem, pk=pk, article__isnull=False)
        if not request.user.has_perm("articles.change_article"):
            return redirect(reverse("admin:wire_wireitem_change", args=[pk]))
        if item.taken_by_id is None:
            WireItem.objects.filter(pk=pk, taken_by__isnull=True).update(
                taken_by=request.user, taken_at=timezone.now()
            )
        return redirect(reverse("admin:articles_article_change", args=[item.article_id]))


@admin.register(IngestLog)
class IngestLogAdmin(admin.ModelAdmin):
    list_display = [date_column(IngestLog, "at"), "level", "message", "what", "agency", "channel"]
    list_filter = ["level", "agency", "channel", "at"]
    search_fields = ["item", "message", "origin"]
    list_select_related = ["agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("item"))
    def what(self, obj):
        """The item's id, else the delivery's file or address (the end of a long one)."""
        text = obj.item or obj.origin.rsplit("/", 1)[-1]
        short = text if len(text) <= 40 else "…" + text[-39:]
        return format_html('<span title="{}" dir="ltr">{}</span>', obj.item or obj.origin, short)


@admin.register(EntityName)
class EntityNameAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "content_type", "object_id"]
    list_filter = ["content_type", "language"]
    search_fields = ["name"]
