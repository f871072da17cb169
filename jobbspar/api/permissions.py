from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiClient


class HasScope(permissions.BasePermission):
    """The view's `required_scope` is among the client's scopes (403 otherwise); without a
    client's token, 401."""

    message = _("The API client's token lacks the scope this call needs.")

    def has_permission(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        return view.required_scope in client.scopes
