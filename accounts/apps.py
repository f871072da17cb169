from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Users and organisations")

    def ready(self):
        from . import signals  # noqa: F401 (connects the login and lockout receivers)
