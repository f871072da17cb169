from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracksConfig(AppConfig):
    name = "tracks"
    verbose_name = _("Tracks")

    def ready(self):
        from accounts.audit import changed

        from . import people_extensions  # noqa: F401 (tells participants who else sees a person)
        from .events import on_change

        changed.connect(on_change, dispatch_uid="tracks.events")
