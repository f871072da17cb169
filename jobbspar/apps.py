from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "jobbspar"
    label = "site"
    verbose_name = _("Site")

    def ready(self):
        from .celery import ensure_broker_folders

        ensure_broker_folders()
