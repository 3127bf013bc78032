"""Job search URLs. Each views module owns its routes (``urlpatterns`` at its bottom)."""

from jobs.views import board, catalog, detail, importer, interviews, records, transfer

app_name = "jobs"

urlpatterns = [
    *board.urlpatterns,  # the Kanban board at /jobs/, quick add, moves
    *detail.urlpatterns,  # a job's page: edit, delete, history, notes
    *records.urlpatterns,  # applications, documents, resumes
    *interviews.urlpatterns,  # interviews, calendar, .ics, feeds
    *catalog.urlpatterns,  # the shared job catalog
    *importer.urlpatterns,  # import from a link or pasted text
    *transfer.urlpatterns,  # CSV export and import
]
