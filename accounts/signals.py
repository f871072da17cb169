"""Every login, logout, failed login and lockout is written to the audit log and to the
`jobbspar.security` log. The password is never kept: Django hides it before the signal."""

import logging
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .audit import Security
from .middleware import LOGIN_AT, SEEN_AT
from .models import email_key

log = logging.getLogger("jobbspar.security")


def _ip(request):
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    request.session[LOGIN_AT] = request.session[SEEN_AT] = time.time()
    audit.record(user, Security.LOGIN, user, {"ip": _ip(request)})
    log.info("login user=%s ip=%s", user.pk, _ip(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, Security.LOGOUT, user, {"ip": _ip(request)})


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    username = email_key(credentials.get("username", ""))[:200]
    audit.record(None, Security.LOGIN_FAILED, None, {"username": username, "ip": _ip(request)})
    log.warning("login failed username=%s ip=%s", username, _ip(request))


@receiver(user_locked_out)
def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit.record(None, Security.LOCKED_OUT, None, {"username": str(username or "")[:200], "ip": ip_address or ""})
    log.warning("account locked username=%s ip=%s", username, ip_address)
