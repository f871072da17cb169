"""Logs people can read and machines can parse, with no personal data in them.

- `REQUEST_ID`: the id of the request being served (from the load balancer's X-Request-ID, or
  made here), carried into the Celery tasks it queues (jobbspar/observability.py).
- `RequestIdFilter`: gives every record that id, and takes out of its text whatever looks like a
  personal identity number, an e-mail address or a phone number, whoever wrote the message.
- `JsonFormatter`: one JSON object a line (LOG_FORMAT=json, production); `TEXT_FORMAT` for people
  (development).
- `init_error_reporting`: Sentry-compatible error reports, only when a DSN is set, without
  personal data.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
REMOVED = "[removed]"
# A personal identity number or coordination number (6 or 8 digits, an optional - or +, 4 digits),
# an e-mail address, a phone number (7 digits or more, optionally +46 and spaces or dashes).
_PERSONAL = re.compile(
    r"(?<![\w.])(?:\d{2})?\d{6}[-+]?\d{4}(?!\w)"
    r"|[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w.])(?:\+46|0)[\s-]?\d{1,3}(?:[\s-]?\d{2,4}){2,3}(?!\w)"
)
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
# Fields a record may carry beyond the message (logger.info(..., extra={...})) that the JSON keeps.
EXTRA_FIELDS = ("route", "method", "status", "duration_ms", "task", "task_id", "state")


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """The load balancer's id if it is a plain token, else a new one (never a header's free text)."""
    return value if value and _VALID_ID.fullmatch(value) else new_request_id()


def scrub(text: str) -> str:
    return _PERSONAL.sub(REMOVED, text)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = REQUEST_ID.get() or "-"
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format: keep it, as logging would
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or REQUEST_ID.get() or None,
            "process": record.process,
        }
        for field in EXTRA_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self, *args, **kwargs):
        super().__init__(TEXT_FORMAT)

    def format(self, record):
        record.request_id = getattr(record, "request_id", None) or REQUEST_ID.get() or "-"
        return scrub(super().format(record))


def _scrub_event(event: dict) -> dict:
    """What an error report keeps: the exception, the stack's code, the route; no request body,
    cookies, query string, headers, user or local variables, and no personal data in messages."""
    request = event.get("request") or {}
    event["request"] = {k: v for k, v in request.items() if k in ("method", "url")}
    if "url" in event["request"]:
        event["request"]["url"] = event["request"]["url"].split("?")[0]
    event.pop("user", None)
    event.pop("extra", None)
    for exception in (event.get("exception") or {}).get("values", []):
        if exception.get("value"):
            exception["value"] = scrub(str(exception["value"]))
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    if event.get("message"):
        event["message"] = scrub(str(event["message"]))
    if isinstance(event.get("logentry"), dict):
        event["logentry"] = {"message": scrub(str(event["logentry"].get("message", "")))}
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        if crumb.get("message"):
            crumb["message"] = scrub(str(crumb["message"]))
        crumb.pop("data", None)
    return event


def before_send(event, hint):
    return _scrub_event(event)


def init_error_reporting(dsn: str, environment: str = "", release: str = "") -> bool:
    """Start Sentry-compatible error reporting when `dsn` is set; nothing is sent otherwise."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        # No user, cookies, headers, bodies, query strings, SQL parameters, task arguments or local
        # variables (sentry-sdk 3's data_collection; what send_default_pii=False was before).
        data_collection={
            "user_info": False, "cookies": {"mode": "off"}, "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [], "url_query_params": {"mode": "off"}, "database_query_data": False, "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=lambda crumb, hint: _scrub_event({"breadcrumbs": {"values": [crumb]}})["breadcrumbs"]["values"][0],
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=0,
    )
    return True
