from celery import shared_task

from .services import heartbeat_beat


@shared_task(name="jobbspar.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """Beat sends this every HEARTBEAT_INTERVAL_SECONDS; /readyz shows when it last ran."""
    hostname = heartbeat.request.hostname or ""
    heartbeat_beat(name="celery", hostname=hostname)


@shared_task(name="jobbspar.tasks.apply_retention", acks_late=True, autoretry_for=(Exception,), max_retries=3,
             retry_backoff=True)
def apply_retention():
    """Every night: the retention rules (jobbspar.retention). Safe to run twice: what is done is
    not found again."""
    from .privacy.retention import run

    return run()
