"""The administrator registers API clients (the token is shown once, on the page after saving,
and never stored) and revokes them. Both are audited; a client is never edited afterwards: to
change its scopes or expiry, register a new one and revoke the old."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lib.forms import add_errors

from .models import ApiClient, Scope
from .services import api_client_check, api_client_create, api_client_revoke


def _in_a_year():
    return timezone.now() + datetime.timedelta(days=365)


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple)
    expires_at = forms.DateTimeField(label=_("expires"), initial=_in_a_year)

    class Meta:
        model = ApiClient
        fields = ["name", "organisation", "role", "scopes", "expires_at"]

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ["organisation", "role", "scopes", "expires_at"]):
            try:
                api_client_check(**{name: data[name] for name in ["organisation", "role", "scopes", "expires_at"]})
            except ValidationError as error:
                add_errors(self, error)
        return data


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "organisation", "role", "token_prefix", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["role", "revoked_at"]
    search_fields = ["name", "token_prefix", "organisation__name"]
    autocomplete_fields = ["organisation"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "organisation", "role", "scopes", "expires_at", "token_prefix", "created_at", "created_by",
                "revoked_at", "last_used_at"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) or ApiClientForm.Meta.fields

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # kept for the audit log: revoke instead

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            client, token = api_client_create(name=data["name"], organisation=data["organisation"], role=data["role"],
                                              scopes=data["scopes"], expires_at=data["expires_at"], actor=request.user)
        except ValidationError as error:
            raise AssertionError(error) from None  # the form's clean checked the same
        obj.pk, obj._token = client.pk, token

    def response_add(self, request, obj, post_url_continue=None):
        """The token, once: on this page only, never in a message (messages are kept in cookies)."""
        client = ApiClient.objects.get(pk=obj.pk)
        return TemplateResponse(request, "admin/site/apiclient/token.html", {
            **self.admin_site.each_context(request), "client": client, "token": obj._token,
            "title": _("The API client's token"), "opts": self.model._meta})

    @admin.action(description=_("Revoke the selected API clients"), permissions=["view"])
    def revoke(self, request, queryset):
        clients = list(queryset.filter(revoked_at__isnull=True))
        for client in clients:
            api_client_revoke(client=client, actor=request.user)
        self.message_user(request, ngettext("%(count)d API client revoked.", "%(count)d API clients revoked.",
                                            len(clients)) % {"count": len(clients)}, messages.SUCCESS)
