"""`Authorization: Bearer <token>`: the client whose token hash matches, if neither expired nor
revoked. The request then acts as the client's service user (its one membership)."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiClient
from .services import api_client_touch, token_hash


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be \"Bearer\" and a token."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        client = (ApiClient.objects.select_related("user", "organisation")
                  .filter(token_hash=token_hash(token)).first())
        if client is None or not client.is_usable:
            raise exceptions.AuthenticationFailed(_("The token is not valid, has expired or has been revoked."))
        api_client_touch(client=client)
        user = client.user
        # The client's one membership, as the pages' middleware gives a logged-in user's: the
        # selectors and rules then ask no query for it.
        user._request_roles = frozenset([client.role])
        user._request_scopes = [(client.role, client.organisation_id, None)]
        return user, client

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: an HTTP bearer scheme."""

    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": str(_("An API client's token, from the administrator."))}
