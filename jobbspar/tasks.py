from celery import shared_task

from .services import heartbeat_beat


@shared_task(name="jobbspar.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """Beat sends this every HEARTBEAT_INTERVAL_SECONDS; /readyz shows when it last ran."""
    hostname = heartbeat.request.hostname or ""
    heartbeat_beat(name="celery", hostname=hostname)
