"""What operations watch: a request id through web and worker, and Prometheus metrics.

- `RequestIdMiddleware` (first in MIDDLEWARE): takes the load balancer's X-Request-ID (or makes
  one), answers with it, logs one line per request (route name, method, status, milliseconds —
  never the URL, whose query may hold a name) and counts it.
- Celery: a task queued while serving a request carries that request's id in its headers, and the
  worker's log lines for it show the id (`before_task_publish` / `task_prerun`); a task from beat
  gets its own task id. Failures are counted in the shared cache (Redis in production), so the web
  process that answers /metrics sees the workers' failures.
- `/metrics` (Prometheus text format): requests by route and status, latency, the queue's length,
  task failures, the last heartbeat. Only for an address in METRICS_ALLOWED_CIDRS (loopback by
  default) and never for a request that came through a proxy (X-Forwarded-For and the like):
  the public ingress and the load balancer add those headers. Anyone else gets a 404.

Labels are route names, methods, status codes and task names: never an id, a name or a number a
person gave. Under gunicorn with several processes, set PROMETHEUS_MULTIPROC_DIR (deploy/ does) so
the processes' counts are added up.
"""

import ipaddress
import logging
import os
import time
from pathlib import Path

from celery import signals
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lib.logs import REQUEST_ID, clean_request_id

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # The files of each process's counts; the folder must exist before prometheus_client loads.
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

import prometheus_client  # noqa: E402
from prometheus_client import CollectorRegistry, Counter, Histogram  # noqa: E402
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily  # noqa: E402

logger = logging.getLogger("jobbspar.requests")
HEADER = "X-Request-ID"
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
FAILURES_KEY = "metrics:task-failures:"

REQUESTS = Counter("jobbspar_http_requests_total", "HTTP requests answered, by route name, method and status.",
                   ["route", "method", "status"])
LATENCY = Histogram("jobbspar_http_request_duration_seconds", "Time to answer a request, by route name.",
                    ["route"], buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else "unmatched"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = clean_request_id(request.headers.get(HEADER))
        token = REQUEST_ID.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            route = _route(request)
            response[HEADER] = request_id
            REQUESTS.labels(route, request.method, str(response.status_code)).inc()
            LATENCY.labels(route).observe(elapsed)
            logger.info("%s %s %s", request.method, route, response.status_code, extra={
                "route": route, "method": request.method, "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1)})
            return response
        finally:
            REQUEST_ID.reset(token)


# Celery: the id travels in the task's headers.


@signals.before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    request_id = REQUEST_ID.get()
    if request_id and headers is not None:
        headers["request_id"] = request_id


@signals.task_prerun.connect
def _take_request_id(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    carried = getattr(request, "request_id", None) or ((getattr(request, "headers", None) or {}).get("request_id"))
    task._request_id_token = REQUEST_ID.set(clean_request_id(carried or task_id))


@signals.task_postrun.connect
def _drop_request_id(task=None, **kwargs):
    token = getattr(task, "_request_id_token", None)
    if token is not None:
        try:
            REQUEST_ID.reset(token)
        except ValueError:  # set in another context (a thread pool): just clear it
            REQUEST_ID.set("")
        task._request_id_token = None


@signals.task_failure.connect
def _count_failure(sender=None, **kwargs):
    name = getattr(sender, "name", None) or "unknown"
    key = FAILURES_KEY + name
    try:
        if not cache.add(key, 1, timeout=None):
            cache.incr(key)
    except Exception:  # counting must never fail the task's own error handling
        logging.getLogger(__name__).warning("Could not count a task failure of %s", name)


# The metrics endpoint.


def _allowed_networks():
    return [ipaddress.ip_network(cidr.strip(), strict=False) for cidr in settings.METRICS_ALLOWED_CIDRS if cidr.strip()]


def is_internal(request) -> bool:
    if any(request.META.get(header) for header in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _allowed_networks())


def _task_names() -> list[str]:
    from .celery import app

    app.loader.import_default_modules()  # every app's tasks.py: a web process may not have loaded them
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def queue_length() -> int | None:
    """Messages waiting in the default queue, or None when the broker cannot tell."""
    from .celery import app

    queue = app.conf.task_default_queue or "celery"
    url = app.conf.broker_url or ""
    try:
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
            try:
                return int(client.llen(queue))
            finally:
                client.close()
        if url.startswith("filesystem://"):
            folder = Path(app.conf.broker_transport_options.get("data_folder_in", ""))
            return sum(1 for p in folder.glob(f"*.{queue}.msg") if not p.name.startswith("."))
    except Exception:  # a broker that does not answer: the readiness check says so; no figure here
        return None
    return None


class OperationsCollector:
    """Read when Prometheus asks: the queue, the workers' failures, the heartbeat."""

    def collect(self):
        from .models import Heartbeat

        length = queue_length()
        if length is not None:
            queue = GaugeMetricFamily("jobbspar_celery_queue_length", "Tasks waiting in the broker's queue.",
                                      labels=["queue"])
            from .celery import app

            queue.add_metric([app.conf.task_default_queue or "celery"], length)
            yield queue
        names = _task_names()
        counts = cache.get_many([FAILURES_KEY + name for name in names])
        failures = CounterMetricFamily("jobbspar_celery_task_failures", "Celery tasks that failed, by task name.",
                                       labels=["task"])
        for name in names:
            failures.add_metric([name], counts.get(FAILURES_KEY + name, 0))
        yield failures
        beat = Heartbeat.objects.filter(pk="celery").first()
        if beat:
            yield GaugeMetricFamily("jobbspar_celery_heartbeat_timestamp_seconds",
                                    "When the Celery heartbeat task last ran (Unix time).",
                                    value=beat.last_run_at.timestamp())
            yield GaugeMetricFamily("jobbspar_celery_heartbeat_age_seconds",
                                    "Seconds since the Celery heartbeat task last ran.",
                                    value=max(0.0, time.time() - beat.last_run_at.timestamp()))


def render_metrics() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        requests = prometheus_client.generate_latest(registry)
    else:
        requests = prometheus_client.generate_latest()
    operations = CollectorRegistry()
    operations.register(OperationsCollector())
    return requests + prometheus_client.generate_latest(operations)


@require_GET
@never_cache
def metrics(request):
    if not is_internal(request):
        raise Http404
    return HttpResponse(render_metrics(), content_type=prometheus_client.CONTENT_TYPE_LATEST)
