from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "jobbspar"
    label = "site"
    verbose_name = _("Site")

    def ready(self):
        from . import observability, production  # noqa: F401 (Celery's signals; the production check)
        from .celery import ensure_broker_folders

        ensure_broker_folders()
