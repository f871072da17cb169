from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

PARTICIPANT_LANGUAGE = "participant_language"  # the session's copy of the account's language


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the user chose another language in the header (the language cookie).

    The browser's Accept-Language is ignored on purpose: a Swedish public-sector service speaks
    Swedish to everyone first, whatever language the computer was set up in.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        offered = settings.STAFF_LANGUAGES
        if request.path.startswith(settings.PARTICIPANT_PATHS[0]):
            # The participant's own pages: also Arabic, and the language the person chose last.
            offered = dict(settings.LANGUAGES)
            chosen = request.session.get(PARTICIPANT_LANGUAGE) or chosen
        language = chosen if chosen in offered else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class AtomicWritesMiddleware:
    """A request that may change data runs its view in one transaction (what ATOMIC_REQUESTS
    does); a read runs in autocommit. On SQLite that is the difference between a few dozen users
    at once and "database is locked": a read never holds the write lock, and when a page logs the
    read, its audit row is one short write of its own, which waits its turn rather than failing
    as an upgrade from a read transaction would. A view marked `transaction.non_atomic_requests`
    (logging in, whose password check takes a third of a second) is left to itself."""

    SAFE = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.db import DEFAULT_DB_ALIAS, transaction

        if request.method in self.SAFE or DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set()):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
