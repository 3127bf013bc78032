"""Documents attached to a job: checked by content, versioned by type and title."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from careercoach.lib.uploads import document_check, filename_stem
from jobs.models import Document, Job


def document_upload(*, user: User, job: Job, upload, type: str, title: str = "") -> Document:
    """Attach ``upload`` to ``job``. The same type and title (ignoring case) as an
    existing document makes the next version of it; older versions are kept.

    Raises ValidationError (nothing written) when the file is refused.
    """
    if job.user_id != user.pk:
        raise ValidationError("You can only attach documents to jobs on your own board.")
    if type not in Document.Type.values:
        raise ValidationError({"type": f"Unknown document type “{type}”."})
    checked = document_check(upload)  # before anything is written
    title = " ".join((title or "").split()) or filename_stem(checked.filename)
    document = Document(user=user, job=job, type=type, title=title[:200])
    try:
        with transaction.atomic():
            # One upload per job at a time, so two uploads of the same title cannot
            # both take the same version number.
            Job.objects.select_for_update().filter(pk=job.pk).values_list("pk", flat=True).first()
            latest = (
                Document.objects.filter(job=job, type=type, title__iexact=document.title)
                .order_by("-version")
                .only("title", "version")
                .first()
            )
            if latest:
                document.title, document.version = latest.title, latest.version + 1
            document.original_name = checked.filename
            document.mime_type = checked.mime_type
            document.size = checked.size
            document.file.save(checked.filename, ContentFile(checked.data), save=False)
            document.full_clean()
            document.save()
    except BaseException:
        # The row was rolled back: the file it would have pointed to goes too.
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    """Delete one version; its file is removed once the deletion is committed."""
    name, storage = document.file.name, document.file.storage
    Document.objects.filter(pk=document.pk).delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
