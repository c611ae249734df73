"""Partners, their webhook subscriptions, and what was delivered to them, in the admin."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from syndication.models import Delivery, DeliveryAttempt, Partner, Subscription
from syndication.push import delivery_retry_now


def _token_message(request, partner: Partner, token: str) -> None:
    messages.warning(
        request,
        format_html(
            gettext("The API token of {partner} is {token} — copy it now: it is not shown again."),
            partner=partner,
            token=token,
        ),
    )


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "token_hint", "requests_per_minute", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    readonly_fields = ["token_hint", "created_at"]
    actions = ["token_renew"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            _token_message(request, obj, obj.token_renew())

    @admin.action(description=_("Make a new API token (the old one stops working)"))
    def token_renew(self, request, queryset):
        for partner in queryset:
            _token_message(request, partner, partner.token_renew())


class SubscriptionForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Stories in these languages are sent."),
    )

    class Meta:
        model = Subscription
        fields = [
            "partner",
            "url",
            "languages",
            "sections",
            "wire_format",
            "accepts_embargoed",
            "secret",
            "is_active",
        ]
        widgets = {"sections": forms.CheckboxSelectMultiple}


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = [
        "partner",
        "url",
        "wire_format",
        "language_list",
        "is_active",
        "waiting",
        "failed",
    ]
    list_filter = ["is_active", "wire_format", "partner"]
    list_select_related = ["partner"]
    search_fields = ["url", "partner__name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                waiting_count=Count("deliveries", filter=Q(deliveries__state="pending")),
                failed_count=Count("deliveries", filter=Q(deliveries__state="failed")),
            )
        )

    @admin.display(description=_("languages"))
    def language_list(self, obj):
        return ", ".join(code.upper() for code in obj.languages)

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["started_at", "duration_ms", "status_code", "error", "succeeded"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "short_id",
        "partner",
        "article_link",
        "language",
        "event",
        "state",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["state", "event", "language", "subscription__partner"]
    list_select_related = ["subscription__partner"]
    search_fields = ["=delivery_id", "=article_id", "subscription__url"]
    date_hierarchy = "created_at"
    inlines = [DeliveryAttemptInline]
    actions = ["retry_now"]
    exclude = ["payload", "article_id"]
    readonly_fields = [
        "delivery_id",
        "subscription",
        "article_link",
        "language",
        "event",
        "state",
        "not_before",
        "embargoed_until",
        "content_type",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A delivery is a record: viewed, never edited (the change right allows «Retry now»).
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("partner"), ordering="subscription__partner__name")
    def partner(self, obj):
        return obj.subscription.partner

    @admin.display(description=_("delivery id"), ordering="pk")
    def short_id(self, obj):
        return str(obj.delivery_id)[:8]

    @admin.display(description=_("article"), ordering="article_id")
    def article_link(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">#{}</a>', url, obj.article_id)

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = delivery_retry_now(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery goes again now.",
                "%(count)d deliveries go again now.",
                count,
            )
            % {"count": count},
        )
