"""Limits on work a user or an organisation can make the service do: a fixed window counted in the
cache (Redis in production, shared by every web process). Each limit is named, with its number of
tries and its window in seconds, in settings.THROTTLES; the caller says whose tries they are."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window opens again (0 when allowed)


def take(name: str, *whose) -> Verdict:
    """Count one try of `name` for each of `whose` (e.g. the user and their organisation): refused
    when any of them has used up its tries in the current window. A refused try is not counted."""
    limits = settings.THROTTLES[name]
    now = time.time()
    keys = []
    for who, (limit, window) in zip(whose, limits, strict=False):
        if who is None:
            continue
        bucket = f"throttle:{name}:{who}:{int(now // window)}"
        if (cache.get(bucket) or 0) >= limit:
            return Verdict(False, int(window - now % window) + 1)
        keys.append((bucket, window))
    for bucket, window in keys:
        cache.add(bucket, 0, window + 1)
        try:
            cache.incr(bucket)
        except ValueError:  # expired between add and incr
            cache.set(bucket, 1, window + 1)
    return Verdict(True, 0)


def too_many(request, verdict: Verdict, template="429.html"):
    """The answer to a refused try: 429, when to try again, in the reader's language."""
    from django.shortcuts import render

    minutes = max(1, round(verdict.retry_after / 60))
    response = render(request, template, {"minutes": minutes}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response
