"""The code step of a password login (accounts/two_factor.py): set up an authenticator at the
first login, then a code (or a recovery code) at each login."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none",
                                      "spellcheck": "false"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def _with_next(name, target):
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _refused(request, form, outcome):
    """A code not accepted: the account locked (django-axes answers, the session ends), or the
    reason on the form."""
    if outcome.locked:
        logout(request)
        return None
    form.add_error("code", _("Wait a few seconds before you try again.") if outcome.wait
                   else _("The code is wrong or has expired. Try again with a new code."))
    return None


@login_required
def verify(request):
    """A code from the authenticator app, or one of the recovery codes."""
    target = _next(request)
    if not two_factor.pending(request):
        return redirect(target or "dashboard")
    if not two_factor.enrolled(request.user):
        return redirect(_with_next("two_factor_enrol", target))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.login_verify(request=request, token=form.cleaned_data["code"])
        if outcome.verified:
            if outcome.recovery_codes_left is not None:
                messages.warning(request, ngettext(
                    "You logged in with a recovery code. You have %(count)d left.",
                    "You logged in with a recovery code. You have %(count)d left.",
                    outcome.recovery_codes_left) % {"count": outcome.recovery_codes_left})
            return redirect(target or "dashboard")
        _refused(request, form, outcome)
        if outcome.locked:
            return redirect("login")  # django-axes answers with the lockout page instead
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": target})


@login_required
def enrol(request):
    """Set up an authenticator: scan the QR code (or type the key), confirm one code; the ten
    recovery codes are shown once, on the answer to that confirmation."""
    target = _next(request)
    if not two_factor.pending(request) or two_factor.enrolled(request.user):
        return redirect(_with_next("two_factor", target) if two_factor.pending(request) else (target or "dashboard"))
    device = two_factor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome, codes = two_factor.enrolment_confirm(request=request, device=device, token=form.cleaned_data["code"])
        if outcome.verified:
            return render(request, "accounts/two_factor_recovery_codes.html",
                          {"codes": codes, "next": target or reverse("dashboard")})
        _refused(request, form, outcome)
        if outcome.locked:
            return redirect("login")
    return render(request, "accounts/two_factor_enrol.html", {
        "form": form, "next": target, "secret": two_factor.secret_text(device),
        "qr": mark_safe(two_factor.qr_svg(device)),  # noqa: S308 -- made by segno from our own key, no user text
    })
