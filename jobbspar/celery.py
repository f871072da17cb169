import os

from celery import Celery, signals
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbspar.settings")
# `filesystem://` is the embedded default: use the transport that never shows half a message.
TRANSPORT_ALIASES["filesystem"] = "jobbspar.broker:Transport"

app = Celery("jobbspar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_an_incomplete_production(**kwargs):
    from django.conf import settings

    from .production import refuse_to_start

    refuse_to_start(settings)


def ensure_broker_folders():
    """The file-system broker wants its folders to exist before anyone sends or listens."""
    from django.conf import settings

    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
        if folder:
            os.makedirs(folder, exist_ok=True)
