"""The login page's e-mail step and the staff's single sign-on: start and callback (accounts/oidc.py)."""

import requests
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import oidc
from .models import IdentityProvider



class EmailStepForm(forms.Form):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


def _safe_next(request, value):
    ok = url_has_allowed_host_and_scheme(value or "", {request.get_host()}, request.is_secure())
    return value if value and ok else ""


class EmailFirstMixin:
    """With identity providers configured, the login page asks for the address first ("Continue"):
    an address whose domain routes to a provider goes there, any other gets the password field.
    A form posted with a password is Django's login, as without providers."""

    def post(self, request, *args, **kwargs):
        if "password" in request.POST or not oidc.routing_exists():
            return super().post(request, *args, **kwargs)
        step = EmailStepForm(request.POST)
        if not step.is_valid():
            return self.render_to_response(self.get_context_data(email_step=step))
        email = step.cleaned_data["username"]
        provider = oidc.provider_for_email(email)
        if provider is not None:
            query = {"login_hint": email, "next": _safe_next(request, request.POST.get("next"))}
            return redirect(reverse("sso_start", args=[provider.pk]) + "?" + urlencode(query))
        form = self.get_form_class()(request, initial={"username": email})
        form.fields["password"].widget.attrs["autofocus"] = True
        form.fields["username"].widget.attrs.pop("autofocus", None)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET" and oidc.routing_exists():
            context.setdefault("email_step", EmailStepForm())
        return context

    def render_to_response(self, context, **kwargs):
        return self._with_origins(super().render_to_response(context, **kwargs))

    @staticmethod
    def _with_origins(response):
        # The e-mail step's answer is a redirect to the provider: the form may go there (CSP form-action).
        if origins := oidc.provider_origins():
            response._csp_update = {"form-action": origins}
        return response


@require_GET
def sso_start(request, pk):
    """Send the browser to the organisation's provider, with the page to come back to."""
    provider = get_object_or_404(IdentityProvider, pk=pk, enabled=True, kind=IdentityProvider.Kind.ORGANISATION)
    if request.user.is_authenticated:
        return redirect("dashboard")
    try:
        return oidc.authorization_redirect(request, provider, "sso_callback",
                                           login_hint=request.GET.get("login_hint", "")[:254])
    except requests.RequestException as error:
        oidc.log.warning("sso discovery failed provider=%s error=%s", provider.pk, error)
        messages.error(request, _("Your organisation's login does not answer just now. Try again in a while."))
        return redirect("login")


@require_GET
def sso_callback(request):
    """The provider sends the browser back here with a code: log in, or say why not."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    try:
        user, provider = oidc.flow_finish(request, kind=IdentityProvider.Kind.ORGANISATION,
                                          callback="sso_callback", resolve=oidc.staff_resolve)
    except oidc.Refused as refusal:
        oidc.refusal_record(request, refusal)
        messages.error(request, refusal.message)
        return redirect("login")
    next_url = _safe_next(request, request.session.pop(oidc.NEXT_KEY, None))
    login(request, user, backend=oidc.MODEL_BACKEND)
    oidc.sso_session_mark(request, user=user, provider=provider)
    return redirect(next_url or "dashboard")
