"""Read the job posting on a page, as the "import from link" page does, and print it.

    python manage.py import_job_url https://boards.example.com/jobs/123 --json
    python manage.py import_job_url --html-file saved-page.html

Nothing is saved. With --json the output is one JSON object with exactly the keys of
jobs.services.url_import.POSTING_FIELDS (null when unknown), or {"error": "..."} and
exit status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from w3lib.encoding import html_to_unicode

from jobs.exceptions import ImportFailed, UnsafeUrl
from jobs.services.url_import import POSTING_FIELDS, job_import_from_url, posting_data_from_html

LABELS = {
    "title": "Title", "company": "Company", "location": "Location", "remote": "Remote",
    "salary_min": "Salary from", "salary_max": "Salary to", "currency": "Currency",
    "employment_type": "Type", "date_posted": "Posted", "description": "Description",
}


class Command(BaseCommand):
    help = "Fetch a job page (or read a saved one) and print the posting found on it. Saves nothing."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("url", nargs="?", help="Address of the job page")
        source.add_argument("--html-file", type=Path, help="Read a saved HTML page instead of fetching one")
        parser.add_argument(
            "--allow-private", action="store_true",
            help="Also fetch private, loopback and link-local addresses (your own intranet; tests)",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object")

    def handle(self, *args, url=None, html_file=None, allow_private=False, as_json=False, **options):
        try:
            if html_file is not None:
                data = posting_data_from_html(self._read(html_file))
            else:
                data = job_import_from_url(url=url, allow_private=allow_private)
        except (ImportFailed, UnsafeUrl) as e:
            self._fail(str(e), as_json=as_json)
            return
        data = {key: data[key] for key in POSTING_FIELDS}
        if as_json:
            self.stdout.write(_dumps(data))
        else:
            self._summary(data)

    def _read(self, path: Path) -> str:
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise ImportFailed(f"Cannot read {path}: {e.strerror or e}.") from None
        return html_to_unicode(None, raw)[1]

    def _fail(self, message: str, *, as_json: bool) -> None:
        if not as_json:
            raise CommandError(message)
        self.stdout.write(_dumps({"error": message}))
        sys.exit(1)

    def _summary(self, data: dict) -> None:
        for key in POSTING_FIELDS:
            if key == "description":
                continue
            value = data[key]
            shown = "—" if value is None else ("yes" if value is True else value)
            self.stdout.write(f"{LABELS[key]:<12} {shown}")
        self.stdout.write("")
        self.stdout.write(data["description"] or "(no description)")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
