"""A second factor for password logins: staff whose roles reach a person's data (personal_data.py),
the administrator, the privacy officer and anyone who may use the admin site confirm a password
login with a code from an authenticator app (TOTP, django-otp), or with one of ten recovery codes.

The password step logs the user in as before; until the code step has marked the session
(`django_otp.login`, the device's id in the session), `TwoFactorMiddleware` lets it open the
two-factor pages and the logout only — every page, htmx partial and the admin site sends it to the
code step. A login through an organisation's identity provider (accounts/oidc.py, which does
its own multi-factor check) and a participant's one-time-code login need no second factor here.

Wrong codes count towards the same lockout as wrong passwords (django-axes, per account) and
django-otp's own back-off slows guessing per device; every enrolment, confirmed login, wrong code,
used recovery code and reset is in the audit log. Recovery codes are stored as keyed digests,
never as they are shown."""

import hashlib
import hmac
import logging
import secrets
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .audit import Security
from .models import Role
from .oidc import SSO_SESSION_KEY  # marks a login through an identity provider
from .personal_data import SEEN_BY

log = logging.getLogger("jobbspar.security")

# Every role that sees some kind of a person's data, and the operator's staff.
ROLES = frozenset().union(*SEEN_BY.values()) | {Role.ADMINISTRATOR, Role.PRIVACY_OFFICER}
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_LENGTH = 10


def required(user, roles, session) -> bool:
    """Whether this login needs a second factor: a staff account (never a participant's) with a
    role that reaches personal data or the admin site, logged in other than through an
    identity provider (which checks a second factor itself)."""
    if not user.is_authenticated or user.is_participant or session.get(SSO_SESSION_KEY):
        return False
    return user.is_staff or user.is_superuser or not ROLES.isdisjoint(roles)


def pending(request) -> bool:
    """The request's login still waits for its second factor."""
    roles = {m.role for m in getattr(request, "memberships", [])}
    return required(request.user, roles, request.session) and DEVICE_ID_SESSION_KEY not in request.session


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user) -> TOTPDevice:
    """The authenticator being set up: the user's unconfirmed device, made now if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def secret_text(device) -> str:
    """The key as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device) -> str:
    """The device's otpauth address as an inline SVG QR code, made here: no image from elsewhere."""
    import segno

    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff", omitsize=False)
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-label" ', 1)


def _digest(code: str) -> str:
    """A recovery code's keyed digest, cut to the 16 characters django-otp's static token holds."""
    return hmac.new(settings.SECRET_KEY.encode(), f"recovery:{code}".encode(), hashlib.sha256).hexdigest()[:16]


def normalise(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


def recovery_codes_renew(*, user) -> list[str]:
    """Ten new recovery codes in place of the old ones; returned to be shown once, kept only as digests."""
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH)) for _ in range(RECOVERY_CODES)]
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=_digest(code)) for code in codes])
    return [f"{code[:5]}-{code[5:]}" for code in codes]


@dataclass(frozen=True)
class Outcome:
    verified: bool
    wait: bool = False  # refused untried: django-otp's back-off after a wrong code
    locked: bool = False  # the wrong code was the last one allowed: the account is locked
    recovery_codes_left: int | None = None  # when a recovery code was used


def _check(device, token) -> Outcome:
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            return Outcome(verified=False, wait=True)
        return Outcome(verified=device.verify_token(token))


def _failed(request, *, enrolling: bool) -> Outcome:
    """A wrong code: audited, and counted by django-axes like a wrong password."""
    from axes.handlers.proxy import AxesProxyHandler

    user = request.user
    ip = request.META.get("REMOTE_ADDR", "")
    audit.record(user, Security.TWO_FACTOR_FAILED, user, {"ip": ip, "enrolling": enrolling})
    log.warning("two-factor code failed user=%s ip=%s", user.pk, ip)
    AxesProxyHandler.user_login_failed(sender=__name__, credentials={"username": user.email}, request=request)
    return Outcome(verified=False, locked=bool(getattr(request, "axes_locked_out", False)))


def enrolment_confirm(*, request, device, token) -> tuple[Outcome, list[str]]:
    """The first code from the new authenticator: the device is confirmed, this login verified,
    and ten recovery codes made (returned to be shown once)."""
    outcome = _check(device, normalise(token))
    if outcome.wait:
        return outcome, []
    if not outcome.verified:
        return _failed(request, enrolling=True), []
    user = request.user
    device.refresh_from_db()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = recovery_codes_renew(user=user)
    otp_login(request, device)
    audit.record(user, Security.TWO_FACTOR_ENROLLED, user, {"ip": request.META.get("REMOTE_ADDR", "")})
    log.info("two-factor enrolled user=%s", user.pk)
    return outcome, codes


def login_verify(*, request, token) -> Outcome:
    """A code from the authenticator (six digits) or a recovery code (used up by this login)."""
    user = request.user
    token = normalise(token)
    recovery = not (token.isdigit() and len(token) == 6)
    model = StaticDevice if recovery else TOTPDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return _failed(request, enrolling=False)
    outcome = _check(device, _digest(token) if recovery else token)
    if outcome.wait:
        return outcome
    if not outcome.verified:
        return _failed(request, enrolling=False)
    otp_login(request, device)
    ip = request.META.get("REMOTE_ADDR", "")
    if recovery:
        left = StaticToken.objects.filter(device=device).count()
        audit.record(user, Security.RECOVERY_CODE_USED, user, {"ip": ip, "left": left})
        log.warning("two-factor recovery code used user=%s left=%s ip=%s", user.pk, left, ip)
        return Outcome(verified=True, recovery_codes_left=left)
    audit.record(user, Security.TWO_FACTOR_VERIFIED, user, {"ip": ip})
    return outcome


def two_factor_reset(*, user, actor) -> None:
    """The administrator's reset (a lost phone): the user's authenticator and recovery codes go,
    and the user sets up a new authenticator at the next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(actor, Security.TWO_FACTOR_RESET, user, {})
    log.warning("two-factor reset user=%s by=%s", user.pk, getattr(actor, "pk", None))


# The two-factor step's own pages, and what any request may reach before it.
OPEN_PATHS = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/healthz", "/readyz", "/favicon.ico",
              "/i18n/setlang/")


class TwoFactorMiddleware:
    """A session that still waits for its second factor reaches the two-factor pages and the
    logout only: a page (the admin site's too) redirects to the code step, an htmx request is told
    to load it as a whole page (HX-Redirect)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(OPEN_PATHS) or not pending(request):
            return self.get_response(request)
        from django.http import HttpResponse, HttpResponseRedirect
        from django.urls import reverse
        from django.utils.http import urlencode

        url = reverse("two_factor")
        if request.method == "GET" and not request.headers.get("HX-Request") and request.get_full_path() != "/":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
