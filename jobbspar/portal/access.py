"""How a participant gets in: their address, a one-time code, and the language they read. A
participant's login opens only these pages (accounts.middleware.ParticipantBoundaryMiddleware)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import IdentityProvider
from jobbspar.middleware import PARTICIPANT_LANGUAGE
from lib import throttle
from participants import signin
from participants.account import ParticipantAccount

from .forms import AddressForm, CodeForm, LanguageForm


def eid_providers():
    """The e-identification providers offered on the login page (jobbspar/portal/eid.py)."""
    return IdentityProvider.objects.filter(enabled=True, kind=IdentityProvider.Kind.E_IDENTIFICATION)

ADDRESS = "participant_address"  # the address a code was asked for, between the two steps
HOME = "portal:home"
PORTAL_429 = "portal/429.html"


def participant_required(view):
    """The participant's own pages: their login only. Staff are refused; a closed or expired
    access ends the session."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.PARTICIPANT_LOGIN_URL)
        if not user.is_participant:
            raise PermissionDenied
        account = ParticipantAccount.objects.select_related("participant").filter(user=user).first()
        if account is None or not account.may_log_in():
            logout(request)
            return redirect("portal:login")
        request.account, request.participant = account, account.participant
        return view(request, *args, **kwargs)

    return wrapped


def _client(request):
    return request.META.get("REMOTE_ADDR", "")


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = (target.startswith("/mina-sidor/") and url_has_allowed_host_and_scheme(target, None)
            and not any(c in target for c in "\r\n\\"))
    return target if safe else ""


def login_start(request):
    """Step one: the address. Whether it is known is not told; a code goes to it if it is."""
    if request.user.is_authenticated:
        return redirect(HOME if request.user.is_participant else "dashboard")
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["address"]
        verdict = signin.code_send(address=address, client=_client(request))
        if not verdict.allowed:
            return throttle.too_many(request, verdict, PORTAL_429)
        request.session[ADDRESS] = signin.normalise_address(address)
        target = redirect("portal:code")
        if _next(request):
            target["Location"] += "?" + urlencode({"next": _next(request)})
        return target
    return render(request, "portal/login.html", {"form": form, "next": _next(request),
                                                 "eid_providers": list(eid_providers())})


def login_code(request):
    """Step two: the code. A wrong, used or expired code gets one answer, whichever it was."""
    if request.user.is_authenticated:
        return redirect(HOME if request.user.is_participant else "dashboard")
    address = request.session.get(ADDRESS)
    if not address:
        return redirect("portal:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = signin.account_for_address(address)
        if account is not None and signin.code_check(account=account, code=form.cleaned_data["code"]):
            login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.pop(ADDRESS, None)
            request.session[PARTICIPANT_LANGUAGE] = account.language
            return redirect(_next(request) or HOME)
        form.add_error("code", _("The code is wrong or no longer valid. Check it, or ask for a new code."))
    return render(request, "portal/code.html", {"form": form, "address": address, "next": _next(request)})


@require_POST
def language(request):
    """The language of the participant's pages, remembered for the person (and their messages)."""
    form = LanguageForm(request.POST)
    chosen = form.cleaned_data["language"] if form.is_valid() else settings.LANGUAGE_CODE
    user = request.user
    if user.is_authenticated and user.is_participant:
        account = ParticipantAccount.objects.filter(user=user).first()
        if account is not None and account.language != chosen:
            signin.language_choose(account=account, language=chosen)
    request.session[PARTICIPANT_LANGUAGE] = chosen
    response = redirect(_next(request) or (HOME if user.is_authenticated else "portal:login"))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, max_age=365 * 24 * 3600, samesite="Lax")
    return response
