import time

from .selectors import memberships_of

SESSION_KEY = "active_membership_id"


def active_membership(request, memberships):
    """The membership the user works in now: the one chosen in the header, else the first."""
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


class MembershipMiddleware:
    """Puts `request.memberships` (all of the user's) and `request.membership` (the active one)
    on the request: one query, and only for a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = memberships_of(request.user)
        request.membership = active_membership(request, request.memberships)
        return self.get_response(request)


# Session limits: 30 minutes without a request (SESSION_COOKIE_AGE, refreshed at most once a
# minute so not every request writes the session), and 12 hours after login whatever happens.
LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
REFRESH_SECONDS = 60


class SessionLimitsMiddleware:
    """Ends a session that has lasted SESSION_ABSOLUTE_SECONDS since login, and keeps an active
    session alive for SESSION_COOKIE_AGE more seconds (the idle limit). An htmx request that
    lands on the login page is told to load it as a whole page (HX-Redirect)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.utils.translation import gettext as _

        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(LOGIN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                participant = request.user.is_participant
                logout(request)
                messages.info(request, _("You have been logged in for 12 hours: log in again to go on."))
                return self._htmx_aware(request, redirect_to_login(
                    request.get_full_path(), settings.PARTICIPANT_LOGIN_URL if participant else None))
            if now - request.session.get(SEEN_AT, 0) > REFRESH_SECONDS:
                request.session[SEEN_AT] = now  # saving the session moves its expiry forward
        return self._htmx_aware(request, self.get_response(request))

    @staticmethod
    def _htmx_aware(request, response):
        from django.conf import settings
        from django.shortcuts import resolve_url

        login = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request") and response.status_code == 302 and response["Location"].startswith(login):
            response["HX-Redirect"] = response["Location"]
        return response


class NoStoreMiddleware:
    """Nothing a logged-in user is shown may be kept by a browser or a proxy cache: every page and
    download of theirs may hold personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import patch_cache_control

        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response


class ParticipantBoundaryMiddleware:
    """A participant's login opens the participant's own pages (settings.PARTICIPANT_PATHS) and
    nothing else: the start page sends them there, every other staff page is refused. Staff pages
    need not know participants exist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect

        user = request.user
        if user.is_authenticated and user.is_participant and not request.path.startswith(settings.PARTICIPANT_PATHS):
            if request.path == "/":
                return redirect(settings.PARTICIPANT_PATHS[0])
            raise PermissionDenied
        return self.get_response(request)
