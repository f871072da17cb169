"""Readiness checks: each returns None when fine, else a short reason (never a secret)."""

from django.db import connection

from .celery import app as celery_app


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means not ready
        return type(exc).__name__
    return None


def check_broker():
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            # The file-system transport "connects" to anything; touching a channel checks its folders.
            conn.default_channel
    except Exception as exc:  # any transport error means not ready
        return type(exc).__name__
    return None
