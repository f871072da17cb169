from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor

from .models import AuditEvent, County, LocalAgreement, Membership, Municipality, Organisation, SteeringGroup, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor login"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        """A lost phone: the user sets up a new authenticator at the next login (audited)."""
        users = list(queryset)
        for user in users:
            two_factor.two_factor_reset(user=user, actor=request.user)
        self.message_user(request, ngettext(
            "Two-factor login reset for %(count)d user: they set it up again at their next login.",
            "Two-factor login reset for %(count)d users: they set it up again at their next login.",
            len(users)) % {"count": len(users)}, messages.SUCCESS)


# Authenticators and recovery codes are never edited by hand, and their keys never shown: the
# user's admin has the one thing an administrator does with them, the reset.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference data (counties, municipalities, occupations) comes from data migrations;
    nobody edits it by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_number", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]
    autocomplete_fields = ["municipality"]


class SteeringGroupInline(admin.StackedInline):
    model = SteeringGroup


@admin.register(LocalAgreement)
class LocalAgreementAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "af_office", "valid_from", "valid_until"]
    autocomplete_fields = ["municipality", "af_office"]
    inlines = [SteeringGroupInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReferenceDataAdmin):
    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor__email"]
    list_select_related = ["actor"]
from . import oidc_admin  # noqa: E402,F401 (the identity providers, registered there)
