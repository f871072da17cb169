"""Where report files are kept: the "reports" storage (settings.STORAGES), local files by default
and object storage in production. Files are reached through the download view only."""

import os
import tempfile

from django.core.files.storage import FileSystemStorage, storages


def report_storage():
    """Looked up on each use, so configuration (and tests) can change it."""
    return storages["reports"]


class AtomicFileSystemStorage(FileSystemStorage):
    """Writes to a temporary file beside the target and renames it into place, so a worker killed
    while writing leaves either the old file or the whole new one, never half a file."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, full_path)
        except BaseException:
            if os.path.exists(partial):
                os.unlink(partial)
            raise
        return name.replace("\\", "/")
