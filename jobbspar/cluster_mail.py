"""The loopback cluster's e-mail backend: each message a file of its own in CLUSTER_MAIL_DIR,
written whole under a unique name, so several processes sending at once never mix two messages
(Django's file backend names its files by second and object id, which two forked workers share)."""

import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.CLUSTER_MAIL_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            fd, partial = tempfile.mkstemp(dir=folder, prefix=".partial-")
            with os.fdopen(fd, "wb") as out:
                out.write(message.message().as_bytes())
            os.replace(partial, folder / f"{uuid.uuid4().hex}.eml")
        return len(email_messages)
