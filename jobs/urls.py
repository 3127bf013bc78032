"""Job search URLs. Each views module owns its routes (``urlpatterns`` at its bottom)."""

from jobs.views import ats, board, builder, catalog, detail, importer, interviews, records, resume_intel, transfer

app_name = "jobs"

urlpatterns = [
    *board.urlpatterns,  # the Kanban board at /jobs/, quick add, moves
    *detail.urlpatterns,  # a job's page: edit, delete, history, notes
    *records.urlpatterns,  # applications, documents, resumes
    *interviews.urlpatterns,  # interviews, calendar, .ics, feeds
    *catalog.urlpatterns,  # the shared job catalog
    *importer.urlpatterns,  # import from a link or pasted text
    *transfer.urlpatterns,  # CSV export and import
    *builder.urlpatterns,  # the resume builder: editor, preview, export, versions
    *resume_intel.urlpatterns,  # a resume's page: reading progress, parsed result, profile autofill
    *ats.urlpatterns,  # ATS checks of a resume against a job, and their reports
]
