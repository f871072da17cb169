"""The embedded broker (Celery's `filesystem://`), with whole messages only.

kombu's file-system transport creates a message file and then writes it; a worker listing the
folder in between takes an empty file, fails to decode it and its consumer stops — seen under load
as a report that was never made. Here a message is written under a name no reader takes and then
renamed into place (atomic on one file system), so a reader sees all of a message or none of it.
`jobbspar/celery.py` makes this the transport behind `filesystem://`."""

import os
import uuid
from time import monotonic

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        # Starts with a dot: readers match "<stamp>_<id>.<queue>.msg" after the first dot, so a
        # partial file never matches any queue.
        partial = os.path.join(self.data_folder_out, f".{name}.partial")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {name!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
