"""The administrator configures identity providers and their group rules here (README: single sign-on)."""

from django.contrib import admin

from .oidc_models import GroupRoleRule, IdentityProvider


class GroupRoleRuleInline(admin.TabularInline):
    model = GroupRoleRule
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "issuer", "email_domains", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "issuer", "email_domains"]
    filter_horizontal = ["organisations"]
    inlines = [GroupRoleRuleInline]
    fields = ["name", "kind", "enabled", "issuer", "client_id", "client_secret_env", "client_secret", "scopes",
              "organisations", "email_domains", "groups_claim"]
