"""Text messages, by a backend named in settings.SMS_BACKEND (a dotted path), as Django does for
e-mail: `console` writes them to standard output (development), `memory` keeps them in `outbox`
(tests). A real operator's gateway is a class with the same `send(to, text)`."""

import sys

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}: {text}\n")


class MemoryBackend:
    def send(self, to: str, text: str) -> None:
        outbox.append((to, text))


def available() -> bool:
    return bool(settings.SMS_BACKEND)


def send(to: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(to, text)
