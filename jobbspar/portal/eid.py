"""A participant logs in with e-identification (BankID, Freja) behind an OpenID Connect broker: an
identity provider of the kind "e-identification" (accounts/oidc.py does the flow). The broker
names the person by `personalIdentityNumber` (OIDC Sweden's claim, twelve digits); only a person
already invited to their own pages gets in — no account is made here."""

import re

import requests
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import oidc
from accounts.models import IdentityProvider
from jobbspar.middleware import PARTICIPANT_LANGUAGE
from participants import signin

from .access import HOME, eid_providers

# OIDC Sweden's claim, by its full name and as some brokers shorten it.
PERSONAL_IDENTITY_NUMBER = ("https://id.oidc.se/claim/personalIdentityNumber", "personalIdentityNumber")
KIND = IdentityProvider.Kind.E_IDENTIFICATION


def participant_resolve(*, provider, claims):
    number = next((str(claims[name]) for name in PERSONAL_IDENTITY_NUMBER if claims.get(name)), "")
    account = signin.account_for_identity(number) if re.fullmatch(r"\d{12}", number) else None
    if account is None:
        raise oidc.Refused("no_account", _("We found no invitation to My pages for you. "
                                           "Ask your coordinator or officer to invite you."), provider)
    return account.user


@require_GET
def eid_start(request, pk):
    provider = get_object_or_404(eid_providers(), pk=pk)
    if request.user.is_authenticated:
        return redirect(HOME if request.user.is_participant else "dashboard")
    try:
        return oidc.authorization_redirect(request, provider, "portal:eid_callback")
    except requests.RequestException:
        messages.error(request, _("The e-identification does not answer just now. Try again in a while."))
        return redirect("portal:login")


@require_GET
def eid_callback(request):
    if request.user.is_authenticated:
        return redirect(HOME if request.user.is_participant else "dashboard")
    try:
        user, provider = oidc.flow_finish(request, kind=KIND, callback="portal:eid_callback",
                                          resolve=participant_resolve)
    except oidc.Refused as refusal:
        oidc.refusal_record(request, refusal)
        messages.error(request, refusal.message)
        return redirect("portal:login")
    account = user.participant_account
    signin.account_identified(account=account)
    request.session.pop(oidc.NEXT_KEY, None)
    login(request, user, backend=oidc.MODEL_BACKEND)
    request.session[PARTICIPANT_LANGUAGE] = account.language
    oidc.sso_session_mark(request, user=user, provider=provider, obj=account.participant)
    return redirect(HOME)
