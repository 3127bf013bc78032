"""python manage.py import_postings FILE: add or update catalog postings from a file."""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobs.services.catalog import ImportFileError, posting_rows_read, postings_import

HELP = """Add postings to the job catalog from FILE: JSON lines (.jsonl/.ndjson/.json, one
object per line) or CSV with a header row (.csv, or .tsv with tabs); other names are
recognised by their content.

Fields (columns or keys): title and company (required), location, remote
(true/false/yes/no/1/0), description, requirements (a JSON list, or texts separated by
";"), salary_min and salary_max (whole numbers, not negative, max >= min), currency,
experience_level and job_type (a value or its label, any case: "SENIOR", "Senior",
"full-time"), posted_at (ISO date or date and time; default: now), source_url, active.
Other columns are ignored.

A row whose source_url is already in the catalog updates that posting (only the fields
the row has), so importing the same file again updates rather than duplicates. Rows
WITHOUT a source_url cannot be matched to anything and are always added as new
postings: give every row its source_url if you will import the file again.

Rows are written in batches, each in one transaction; a bad row is reported with its
line number and never stops the others. Exit status: 0 when the file was processed
(even if some rows were rejected), 1 when it cannot be read at all or holds no rows."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .jsonl or .csv file")
        parser.add_argument(
            "--format", choices=["auto", "jsonl", "csv"], default="auto",
            help="Read the file as this format instead of guessing from its name and content.",
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="Rows per transaction (default 1000).")

    def handle(self, *args, file: str, format: str, batch_size: int, **options):
        path = Path(file)
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            with path.open("rb") as stream:
                rows = posting_rows_read(stream=stream, filename=path.name, fmt=format)
                report = postings_import(rows=rows, batch_size=batch_size)
        except ImportFileError as e:
            raise CommandError(f"{path}: {e}") from None
        except OSError as e:
            raise CommandError(f"Cannot read {path}: {e.strerror or e}.") from None
        if not report.processed:
            raise CommandError(f"{path}: no postings in the file (only a header row?).")
        for rejection in report.rejections:
            self.stdout.write(f"Rejected {rejection}")
        style = self.style.SUCCESS if not report.rejected else self.style.WARNING
        self.stdout.write(style(report.summary))

