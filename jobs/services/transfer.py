"""CSV export and import of a user's tracked jobs (with their application).

Export streams one row per job. Import is two steps: the file is parsed and every
row checked (nothing written) and the rows are stashed in the cache under a
random token; the user looks at the preview, and confirming imports the valid
rows through ``tracking.job_create`` and ``applications.application_create``,
all or nothing. The file format is the export's, so a file exported by one
account imports into another.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import secrets
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from careercoach.lib.choices import JobType, WorkMode
from jobs.models import Application, Job, JobStatus
from jobs.services import applications as application_services
from jobs.services import tracking

JOB_COLUMNS = [
    "title", "company", "location", "url", "status", "salary_min", "salary_max", "currency", "work_mode",
    "job_type", "date_posted", "application_deadline", "applied_at", "source", "referral", "notes",
]
APPLICATION_COLUMNS = [
    "application_status", "application_method", "submitted_at", "response_at", "confirmation_number",
]
COLUMNS = JOB_COLUMNS + APPLICATION_COLUMNS

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
STASH_SECONDS = 30 * 60
_STASH_PREFIX = "jobs:csv-import"

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets
# (OWASP "CSV injection"); tab and carriage return can hide one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"


class CsvFileError(ValueError):
    """The upload is not a CSV file we can read (binary, wrong encoding, no header)."""


# --- Cells ----------------------------------------------------------------------------------------


def cell_escape(value: str) -> str:
    """Make a text cell inert in spreadsheets: a leading quote before anything that
    would start a formula. Values already starting with quotes before such a
    character get one more, so :func:`cell_unescape` restores every value exactly."""
    if value.lstrip("'").startswith(_FORMULA_START):
        return "'" + value
    return value


def cell_unescape(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


def _datetime_cell(value: datetime.datetime | None, tz: datetime.tzinfo) -> str:
    return value.astimezone(tz).isoformat(timespec="seconds") if value else ""


def _date_cell(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


# --- Export ---------------------------------------------------------------------------------------


def _export_values(user: User):
    """One row per job with its application's columns (a LEFT JOIN: at most one
    application per job), in board order."""
    return (
        Job.objects.filter(user=user)
        .order_by("created_at", "id")
        .values(
            *JOB_COLUMNS,
            app_status=F("applications__status"),
            app_method=F("applications__method"),
            app_submitted_at=F("applications__submitted_at"),
            app_response_at=F("applications__response_at"),
            app_confirmation_number=F("applications__confirmation_number"),
        )
    )


def export_rows(*, user: User) -> Iterator[list[str]]:
    """The header, then one list of cells per job, read from the database in chunks."""
    tz = zoneinfo.ZoneInfo(user.timezone or "UTC")
    yield list(COLUMNS)
    for row in _export_values(user).iterator(chunk_size=500):
        cells = {
            **{name: row[name] for name in JOB_COLUMNS},
            "salary_min": "" if row["salary_min"] is None else str(row["salary_min"]),
            "salary_max": "" if row["salary_max"] is None else str(row["salary_max"]),
            "date_posted": _date_cell(row["date_posted"]),
            "application_deadline": _date_cell(row["application_deadline"]),
            "applied_at": _datetime_cell(row["applied_at"], tz),
            "application_status": row["app_status"] or "",
            "application_method": row["app_method"] or "",
            "submitted_at": _datetime_cell(row["app_submitted_at"], tz),
            "response_at": _date_cell(row["app_response_at"]),
            "confirmation_number": row["app_confirmation_number"] or "",
        }
        yield [cell_escape(str(cells[name] or "")) for name in COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv_chunks(*, user: User) -> Iterator[str]:
    """The export as text chunks for a StreamingHttpResponse: a BOM first (so Excel
    reads UTF-8), then one CSV line per job."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield _BOM
    for cells in export_rows(user=user):
        yield writer.writerow(cells)


# --- Reading a file -------------------------------------------------------------------------------


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip(_BOM).strip().lower())


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab a spreadsheet used instead (Excel in many
    locales saves "CSV" with semicolons): whichever the header line has most of.
    csv.Sniffer is not used: it guesses quote characters too, and guesses wrong on
    cells that start with an apostrophe."""
    header = text.lstrip(_BOM).split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_read(data: bytes) -> tuple[list[str], list[dict[str, Any]]]:
    """Decode and split an uploaded file: (the columns we know, one dict per data row
    with its ``line`` number). Raises CsvFileError when it is not a CSV we can read."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CsvFileError(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    if b"\x00" in data:
        raise CsvFileError("This is not a CSV file: it contains binary data.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(
            "The file is not UTF-8 text. In Excel choose “Save as… CSV UTF-8”; in Numbers or Sheets, export as CSV."
        ) from None
    if not text.strip():
        raise CsvFileError("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, [])
        columns = [_normalise_header(name) for name in header]
        if "title" not in columns:
            raise CsvFileError(
                "The first line must name the columns, including “title” (export your jobs to see the format)."
            )
        rows: list[dict[str, Any]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, e.g. at the end
            if len(rows) >= MAX_ROWS:
                raise CsvFileError(f"The file has more than {MAX_ROWS} jobs; split it and import each part.")
            row = {"line": reader.line_num}
            for name, cell in zip(columns, cells, strict=False):
                if name in COLUMNS and name not in row:
                    row[name] = cell
            rows.append(row)
    except csv.Error as e:
        raise CsvFileError(f"The file could not be read as CSV: {e}.") from None
    known = [name for name in columns if name in COLUMNS]
    return known, rows


# --- Checking rows --------------------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    job_data: dict[str, Any] = field(default_factory=dict)
    status: str = JobStatus.INTERESTED
    applied_at: datetime.datetime | None = None
    application_data: dict[str, Any] | None = None
    submitted_at: datetime.datetime | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _choice(value: str, choices: list[tuple[str, str]], *, name: str, result: RowResult) -> str:
    """A choice given by its value or its label, in any case ("Applied", "APPLIED", "applied")."""
    if not value:
        return ""
    wanted = _normalise_header(value).upper()
    for stored, label in choices:
        if wanted in (stored, _normalise_header(label).upper()):
            return stored
    allowed = ", ".join(label for _, label in choices)
    result.add(name, f"“{value}” is not one of: {allowed}.")
    return ""


def _money(value: str, *, name: str, result: RowResult) -> int | None:
    text = re.sub(r"[\s,_]", "", value)
    if not text:
        return None
    match = re.fullmatch(r"(-?)(\d+)(?:\.\d{1,2})?", text)
    if not match:
        result.add(name, f"“{value}” is not a whole number, e.g. 85000.")
        return None
    if match.group(1):
        result.add(name, "A salary cannot be negative.")
        return None
    amount = int(match.group(2))
    if amount > 2_147_483_647:
        result.add(name, "That salary is too large.")
        return None
    return amount


def _date(value: str, *, name: str, result: RowResult) -> datetime.date | None:
    if not value.strip():
        return None
    try:
        parsed = parse_date(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        result.add(name, f"“{value}” is not a date: use YYYY-MM-DD, e.g. 2025-03-31.")
    return parsed


def _datetime(value: str, *, name: str, result: RowResult, tz: datetime.tzinfo) -> datetime.datetime | None:
    text = value.strip()
    if not text:
        return None
    try:
        parsed = parse_datetime(text)
        if parsed is None and (day := parse_date(text)) is not None:
            parsed = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        parsed = None
    if parsed is None:
        result.add(name, f"“{value}” is not a date and time: use e.g. 2025-03-31 or 2025-03-31T14:30:00+02:00.")
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _check_model_fields(instance, exclude: list[str], result: RowResult, rename: dict[str, str]) -> None:
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as e:
        for name, messages in e.message_dict.items():
            for message in messages:
                result.add(rename.get(name, name), message)


def csv_row_check(raw: dict[str, Any], *, tz: datetime.tzinfo) -> RowResult:
    """Parse and check one row without writing anything."""
    values = {name: cell_unescape(str(raw.get(name, "") or "")).strip() for name in COLUMNS}
    # Notes keep their line breaks and inner spacing.
    values["notes"] = cell_unescape(str(raw.get("notes", "") or "")).strip()
    result = RowResult(line=int(raw.get("line", 0)), values=values)

    if not values["title"]:
        result.add("title", "A title is required.")
    if not values["company"]:
        result.add("company", "A company is required.")
    result.status = _choice(values["status"], JobStatus.choices, name="status", result=result) or JobStatus.INTERESTED
    salary_min = _money(values["salary_min"], name="salary_min", result=result)
    salary_max = _money(values["salary_max"], name="salary_max", result=result)
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        result.add("salary_max", "The maximum salary is below the minimum.")
    currency = values["currency"].upper() or "USD"
    if not re.fullmatch(r"[A-Z]{3}", currency):
        result.add("currency", f"“{values['currency']}” is not a three-letter currency code such as USD.")
    url = values["url"]
    if url and "://" not in url:
        url = f"https://{url}"  # people paste "jobs.example.com/123"
    job_data = {
        "title": values["title"],
        "company": values["company"],
        "location": values["location"],
        "url": url,
        "salary_min": salary_min,
        "salary_max": salary_max,
        "currency": currency,
        "work_mode": _choice(values["work_mode"], WorkMode.choices, name="work_mode", result=result),
        "job_type": _choice(values["job_type"], JobType.choices, name="job_type", result=result),
        "date_posted": _date(values["date_posted"], name="date_posted", result=result),
        "application_deadline": _date(values["application_deadline"], name="application_deadline", result=result),
        "source": values["source"],
        "referral": values["referral"],
        "notes": values["notes"],
    }
    result.applied_at = _datetime(values["applied_at"], name="applied_at", result=result, tz=tz)
    # Lengths, URL syntax and the like, as the model defines them (no queries).
    _check_model_fields(
        Job(**job_data, status=result.status),
        exclude=["user", "posting", *[k for k in job_data if k in result.errors]],
        result=result,
        rename={},
    )
    result.job_data = job_data

    if any(values[name] for name in APPLICATION_COLUMNS):
        app_status = _choice(
            values["application_status"], Application.Status.choices, name="application_status", result=result
        ) or Application.Status.SUBMITTED
        method = _choice(
            values["application_method"], Application.Method.choices, name="application_method", result=result
        ) or Application.Method.MANUAL
        app_data = {
            "status": app_status,
            "method": method,
            "confirmation_number": values["confirmation_number"],
            "response_at": _date(values["response_at"], name="response_at", result=result),
        }
        result.submitted_at = _datetime(values["submitted_at"], name="submitted_at", result=result, tz=tz)
        _check_model_fields(
            Application(**app_data),
            exclude=["user", "job", "resume", "status", "method", "response_at"],
            result=result,
            rename={},
        )
        result.application_data = app_data
    return result


def csv_rows_check(*, user: User, rows: Iterable[dict[str, Any]]) -> list[RowResult]:
    tz = zoneinfo.ZoneInfo(user.timezone or "UTC")
    return [csv_row_check(row, tz=tz) for row in rows]


# --- Between preview and confirm ---------------------------------------------------------------
# One pending preview per user: a new upload replaces the previous one, so what the
# cache holds per user is bounded by one file (MAX_UPLOAD_BYTES, MAX_ROWS).


def _stash_key(user: User) -> str:
    return f"{_STASH_PREFIX}:{user.pk}"


def import_stash(*, user: User, filename: str, rows: list[dict[str, Any]]) -> str:
    """Keep the file's rows until the user confirms (STASH_SECONDS); returns the
    preview's token. Rows are the raw cells: they are checked again on confirm."""
    token = secrets.token_urlsafe(18)
    cache.set(_stash_key(user), {"token": token, "filename": filename, "rows": rows}, STASH_SECONDS)
    return token


def import_stash_get(*, user: User, token: str) -> dict[str, Any] | None:
    stash = cache.get(_stash_key(user))
    if stash is None or not token or not secrets.compare_digest(stash["token"].encode(), token.encode()):
        return None
    return stash


def _import_stash_claim(*, user: User, token: str) -> dict[str, Any] | None:
    """Take the preview, once: of two confirms racing, only the one whose delete
    succeeded imports."""
    stash = import_stash_get(user=user, token=token)
    if stash is None or not cache.delete(_stash_key(user)):
        return None
    return stash


@dataclass
class ImportResult:
    created: list[Job]
    skipped: int


class ImportExpired(Exception):
    """The preview is gone: confirmed already, or older than STASH_SECONDS."""


@transaction.atomic
def jobs_import(*, user: User, results: list[RowResult]) -> ImportResult:
    """Create a job (and its application) for every valid row; all or nothing.

    The file's ``applied_at`` and ``submitted_at`` are history the services would
    otherwise stamp with the time of the import, so they are written afterwards.
    """
    created = []
    for row in results:
        if not row.is_valid:
            continue
        job = tracking.job_create(user=user, data=row.job_data, status=row.status)
        if row.applied_at is not None:
            Job.objects.filter(pk=job.pk).update(applied_at=row.applied_at)
            job.applied_at = row.applied_at
        if row.application_data is not None:
            application = application_services.application_create(user=user, job=job, data=row.application_data)
            if row.submitted_at is not None:
                Application.objects.filter(pk=application.pk).update(submitted_at=row.submitted_at)
        created.append(job)
    return ImportResult(created=created, skipped=sum(1 for row in results if not row.is_valid))


def jobs_import_confirm(*, user: User, token: str) -> ImportResult:
    """Import the valid rows of the preview ``token`` (raises ImportExpired)."""
    stash = _import_stash_claim(user=user, token=token)
    if stash is None:
        raise ImportExpired("This preview has expired or was already imported. Upload the file again.")
    results = csv_rows_check(user=user, rows=stash["rows"])
    try:
        return jobs_import(user=user, results=results)
    except Exception:
        # Nothing was written (atomic): keep the preview so the user can try again.
        cache.set(_stash_key(user), stash, STASH_SECONDS)
        raise
