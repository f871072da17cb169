"""What production must not run on: the embedded default's database, an e-mail backend that sends
nothing, links that are not https. With DEBUG off, the web process (wsgi.py), the Celery worker
and every management command that runs Django's checks refuse to start, and say why."""

from django.core.checks import Error, Tags, register

NOT_SENDING = ("console", "dummy", "locmem", "filebased")


def problems(settings) -> list[str]:
    if settings.DEBUG:
        return []
    found = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        found.append("DATABASE_URL must name the production database (PostgreSQL), not the embedded SQLite file.")
    if any(kind in settings.EMAIL_BACKEND for kind in NOT_SENDING) and not settings.ALLOW_NO_EMAIL:
        found.append("EMAIL_URL must name a mail server that sends (e.g. smtp+tls://…), not the console.")
    if not settings.SITE_URL.startswith("https://"):
        found.append("SITE_URL must be the site's https:// address: every link in an e-mail is built from it.")
    return found


def refuse_to_start(settings):
    from django.core.exceptions import ImproperlyConfigured

    found = problems(settings)
    if found:
        raise ImproperlyConfigured("Production settings are incomplete: " + " ".join(found))


@register(Tags.security)
def production_is_configured(app_configs, **kwargs):
    from django.conf import settings

    return [Error(problem, id="jobbspar.E001") for problem in problems(settings)]
