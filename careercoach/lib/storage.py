"""Storage for private uploads (job documents, resumes).

These files live outside MEDIA_ROOT, so nothing serves them by path: the only way
to read one is a view that checks its owner first.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__(location=None, base_url=None)

    # Read the setting on every use (not cached), so tests can point it elsewhere.
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through an owner-checked view.")


_private = PrivateFileStorage()


def private_storage() -> PrivateFileStorage:
    return _private
