"""The shared job catalog: create and import postings, bookmarks.

``postings_import`` is the one way files of postings get in: the
``import_postings`` command and the admin's import page both read the file with
``posting_rows_read`` and hand the rows to it.
"""

from __future__ import annotations

import copy
import csv
import datetime
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from careercoach.lib.choices import ExperienceLevel, JobType
from jobs.models import JobBookmark, JobPosting
from jobs.search import POSTED_AT_MAX_AHEAD
from jobs.selectors.catalog import posting_source_url_taken

# --- Single postings -----------------------------------------------------------------------------

# Fields an admin, the API or an import may set; search_vector is PostgreSQL's.
POSTING_FIELDS = (
    "title", "company", "location", "is_remote", "description", "requirements", "salary_min", "salary_max",
    "currency", "experience_level", "job_type", "posted_at", "source_url", "is_active",
)


FUTURE_DATE_MESSAGE = "A posting cannot be dated in the future."
SOURCE_URL_TAKEN_MESSAGE = "A posting with this source URL is already in the catalog."


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data) - set(POSTING_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")


def _check_source_url(posting: JobPosting) -> None:
    # Said on the field, not as the constraint's name; the constraint still decides races.
    if posting_source_url_taken(url=posting.source_url, exclude_pk=posting.pk):
        raise ValidationError({"source_url": SOURCE_URL_TAKEN_MESSAGE})


def _check_posted_at(posting: JobPosting, *, now: datetime.datetime | None = None) -> None:
    # The catalog search finds postings by their day (jobs/search.py) up to this far ahead.
    if posting.posted_at and posting.posted_at > (now or timezone.now()) + POSTED_AT_MAX_AHEAD:
        raise ValidationError({"posted_at": FUTURE_DATE_MESSAGE})


@transaction.atomic
def posting_create(*, data: dict[str, Any], source: str = JobPosting.Source.ADMIN) -> JobPosting:
    """Add one posting to the catalog (admin, API). ``posted_at`` defaults to now."""
    _check_fields(data)
    posting = JobPosting(source=source, **data)
    if posting.posted_at is None:
        posting.posted_at = timezone.now()
    _check_posted_at(posting)
    _check_source_url(posting)
    posting.full_clean()
    posting.save()
    return posting


@transaction.atomic
def posting_update(*, posting: JobPosting, data: dict[str, Any]) -> JobPosting:
    _check_fields(data)
    posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
    for name, value in data.items():
        setattr(posting, name, value)
    _check_posted_at(posting)
    _check_source_url(posting)
    posting.full_clean()
    posting.save()
    return posting


def postings_set_active(*, postings: QuerySet[JobPosting], active: bool) -> int:
    """Open or close postings; returns how many changed. Closed postings leave the
    search but stay visible to people who saved or track them."""
    return postings.exclude(is_active=active).update(is_active=active, updated_at=timezone.now())


# --- Bookmarks -----------------------------------------------------------------------------------


def bookmark_set(*, user: User, posting: JobPosting, saved: bool) -> bool:
    """Save or unsave ``posting`` for ``user``; safe to repeat. Returns whether it is saved now."""
    if saved:
        # INSERT … ON CONFLICT DO NOTHING: two clicks racing each other (two tabs, a
        # double submit) end with one row and no IntegrityError for the loser.
        JobBookmark.objects.bulk_create([JobBookmark(user=user, posting=posting)], ignore_conflicts=True)
    else:
        JobBookmark.objects.filter(user=user, posting=posting).delete()
    return saved


def bookmark_toggle(*, user: User, posting: JobPosting) -> bool:
    """Flip the bookmark; returns whether the posting is saved now."""
    deleted, _ = JobBookmark.objects.filter(user=user, posting=posting).delete()
    return False if deleted else bookmark_set(user=user, posting=posting, saved=True)


# --- Import ------------------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file cannot be read as postings at all (not text, no header, empty …)."""


class RawRow(NamedTuple):
    """One posting as read from a file: its line number and its fields, or why it
    could not even be read (``error``)."""

    line: int
    data: dict[str, Any] | None
    error: str = ""


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.imported + self.updated + self.rejected

    @property
    def summary(self) -> str:
        return f"{self.imported} imported, {self.updated} updated, {self.rejected} rejected"

    def reject(self, line: int, reason: str, keep: int | None) -> None:
        self.rejected += 1
        if keep is None or len(self.rejections) < keep:
            self.rejections.append(Rejection(line, reason))


# Column names people use for our fields (CSV headers and JSON keys, compared
# lower-case with spaces and dashes as underscores).
FIELD_ALIASES = {
    "remote": "is_remote", "active": "is_active", "url": "source_url", "link": "source_url",
    "apply_url": "source_url", "type": "job_type", "employment_type": "job_type", "level": "experience_level",
    "seniority": "experience_level", "date_posted": "posted_at", "posted": "posted_at", "posted_on": "posted_at",
    "salary_currency": "currency", "company_name": "company", "job_title": "title",
}
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}
_MAX_SALARY = 2_147_483_647  # PositiveIntegerField


def _field_name(key: str) -> str:
    name = re.sub(r"[\s\-]+", "_", str(key).strip().lower())
    return FIELD_ALIASES.get(name, name)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"“{value}” is not true/false, yes/no or 1/0.")


def _salary(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError("Must be a whole number.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = re.sub(r"[\s,_]", "", value)
        if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            value = int(text.split(".")[0])
    if not isinstance(value, int):
        raise ValidationError(f"“{value}” is not a whole number.")
    if value < 0:
        raise ValidationError("Cannot be negative.")
    if value > _MAX_SALARY:
        raise ValidationError("Is too large.")
    return value


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _choice(value: Any, choices: type) -> str:
    """A choice by its value or its label, ignoring case, spaces and dashes ("full time",
    "Full-time" and "FULL_TIME" are all FULL_TIME)."""
    text = _text(value)
    if not text:
        return ""
    wanted = _squash(text)
    for choice_value, label in choices.choices:
        if wanted in (_squash(choice_value), _squash(str(label))):
            return choice_value
    allowed = ", ".join(str(label) for label in choices.labels)
    raise ValidationError(f"“{text}” is not one of: {allowed}.")


def _posted_at(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime.combine(value, datetime.time())
    else:
        text = _text(value)
        try:
            parsed = datetime.datetime.fromisoformat(text)  # dates alone parse as midnight
        except ValueError:
            raise ValidationError(f"“{text}” is not an ISO date (2025-03-31) or date and time.") from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _requirements(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise ValidationError("Starts like a JSON list but is not valid JSON.") from None
        else:
            value = text.split(";")
    if not isinstance(value, list) or not all(isinstance(item, str | int | float) for item in value):
        raise ValidationError("Must be a list of texts, or texts separated by “;”.")
    return [str(item).strip() for item in value if str(item).strip()]


_PARSERS = {
    "title": _text, "company": _text, "location": _text, "description": lambda v: "" if v is None else str(v).strip(),
    "is_remote": _bool, "is_active": _bool, "salary_min": _salary, "salary_max": _salary,
    "currency": lambda v: _text(v).upper() or "USD",
    "experience_level": lambda v: _choice(v, ExperienceLevel), "job_type": lambda v: _choice(v, JobType),
    "posted_at": lambda v: _posted_at(v) if _text(v) or isinstance(v, datetime.date) else None,
    "requirements": _requirements, "source_url": lambda v: _text(v) or None,
}


def _parse_row(data: dict[str, Any]) -> dict[str, Any]:
    """The row's fields, typed; only the fields the row has (an update leaves the others)."""
    values, errors = {}, {}
    for key, raw in data.items():
        name = _field_name(key)
        if name not in _PARSERS:
            continue  # other columns (an id, a note) are ignored
        try:
            values[name] = _PARSERS[name](raw)
        except ValidationError as e:
            errors[name] = e.messages
    if errors:
        raise ValidationError(errors)
    if values.get("posted_at", "") is None:
        del values["posted_at"]  # blank: now for a new posting, unchanged for an existing one
    return values


def _validate(posting: JobPosting) -> None:
    """The model's field checks and the salary order, without a query per row (full_clean
    would look up source_url uniqueness once per row; the batch does that in one go)."""
    errors: dict[str, list[str]] = {}
    try:
        posting.clean_fields(exclude={"id"})
    except ValidationError as e:
        errors.update(e.message_dict)
    low, high = posting.salary_min, posting.salary_max
    if low is not None and high is not None and high < low and "salary_max" not in errors:
        errors["salary_max"] = [f"Is less than salary_min ({high} < {low})."]
    try:
        _check_posted_at(posting)
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)


def _reason(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def _apply_batch(
    parsed: list[tuple[int, dict[str, Any]]], *, source: str, now: datetime.datetime
) -> tuple[int, int, list[Rejection]]:
    """Write one batch in one transaction: rows whose source_url is known update that
    posting, the others are inserted. Returns (imported, updated, rejections)."""
    urls = {fields["source_url"] for _, fields in parsed if fields.get("source_url")}
    existing = {p.source_url: p for p in JobPosting.objects.select_for_update().filter(source_url__in=urls)} if urls else {}
    created: dict[str, JobPosting] = {}  # by source_url, or by line when it has none
    updated: dict[str, JobPosting] = {}
    changed: dict[str, set[str]] = {}  # fields to write, per updated posting
    imported_count = updated_count = 0
    rejections = []
    for line, fields in parsed:
        url = fields.get("source_url")
        base = (created.get(url) or updated.get(url) or existing.get(url)) if url else None
        # Work on a copy: a rejected row must leave the posting as the earlier rows made it.
        posting = copy.copy(base) if base else JobPosting(source=source, posted_at=now, currency="USD")
        for name, value in fields.items():
            setattr(posting, name, value)
        try:
            _validate(posting)
        except ValidationError as e:
            rejections.append(Rejection(line, _reason(e)))
            continue
        if base is None:
            created[url or f"line {line}"] = posting
            imported_count += 1
        elif url in created:
            created[url] = posting
            updated_count += 1
        else:
            updated_count += 1
            # Only what differs is written: importing the same file again writes nothing.
            differs = {name for name in POSTING_FIELDS if getattr(posting, name) != getattr(base, name)}
            if differs or url in updated:
                updated[url] = posting
                changed.setdefault(url, set()).update(differs)
    if created:
        JobPosting.objects.bulk_create(created.values())
    by_fields: dict[frozenset[str], list[JobPosting]] = {}
    for url, posting in updated.items():
        if changed[url]:
            posting.updated_at = now
            by_fields.setdefault(frozenset(changed[url]), []).append(posting)
    for names, postings in by_fields.items():
        JobPosting.objects.bulk_update(postings, [*sorted(names), "updated_at"])
    return imported_count, updated_count, rejections


def _write_batch(parsed: list[tuple[int, dict[str, Any]]], report: ImportReport, *, source: str,
                 keep: int | None) -> None:
    now = timezone.now()
    result = None
    for _attempt in range(2):
        # A second try: another import may have inserted one of our URLs between our
        # look-up and our insert; the retry sees it and updates it instead.
        try:
            with transaction.atomic():
                result = _apply_batch(parsed, source=source, now=now)
            break
        except (IntegrityError, DataError):
            continue
    if result is None:
        # Still refused: find the culprit by writing the rows one by one.
        result = (0, 0, [])
        for line, fields in parsed:
            try:
                with transaction.atomic():
                    one = _apply_batch([(line, fields)], source=source, now=now)
            except (IntegrityError, DataError) as e:
                one = (0, 0, [Rejection(line, f"The database refused it: {str(e).splitlines()[0]}")])
            result = (result[0] + one[0], result[1] + one[1], result[2] + one[2])
    imported, updated, rejections = result
    report.imported += imported
    report.updated += updated
    for rejection in rejections:
        report.reject(rejection.line, rejection.reason, keep)


def postings_import(
    *, rows: Iterable[RawRow], source: str = JobPosting.Source.IMPORT, batch_size: int = 1000,
    keep_rejections: int | None = None,
) -> ImportReport:
    """Add or update catalog postings from ``rows`` (see ``posting_rows_read``).

    A row with a ``source_url`` already in the catalog updates that posting (only the
    fields the row has), so running the same file twice changes nothing the second
    time; rows without one are always inserted. Each batch is one transaction and a
    bad row never stops the others: it is listed in the report with its line number
    (the first ``keep_rejections`` of them; all when None).
    """
    report = ImportReport()
    rows = iter(rows)
    while batch := list(itertools.islice(rows, batch_size)):
        parsed = []
        for row in batch:
            if row.error:
                report.reject(row.line, row.error, keep_rejections)
                continue
            try:
                parsed.append((row.line, _parse_row(row.data or {})))
            except ValidationError as e:
                report.reject(row.line, _reason(e), keep_rejections)
        if parsed:
            _write_batch(parsed, report, source=source, keep=keep_rejections)
    report.rejections.sort(key=lambda rejection: rejection.line)
    return report


# --- Reading files -------------------------------------------------------------------------------------


def _decoded_lines(stream: Iterable[bytes]) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, decoded cleanly) for each line of a binary stream."""
    for number, raw in enumerate(stream, 1):
        if number == 1:
            if b"\x00" in raw[:4096]:
                raise ImportFileError("This is not a text file: save it as CSV or JSON lines (UTF-8).")
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, raw.decode("utf-8"), True
        except UnicodeDecodeError:
            yield number, raw.decode("utf-8", errors="replace"), False


def _detect_format(filename: str, first_line: str) -> str:
    name = filename.lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    return "jsonl" if first_line.lstrip().startswith(("{", "[")) else "csv"


def posting_rows_read(*, stream: Iterable[bytes], filename: str = "", fmt: str = "auto") -> Iterator[RawRow]:
    """Read postings from a binary file: JSON lines (one object per line) or CSV with a
    header row. The format comes from the file name (.jsonl/.ndjson/.json, .csv/.tsv),
    else from the content. Raises ImportFileError when the file is not usable at all."""
    lines = _decoded_lines(stream)
    first = None
    for item in lines:
        if item[1].strip():
            first = item
            break
    if first is None:
        raise ImportFileError("The file is empty.")
    lines = itertools.chain([first], lines)
    if fmt == "auto":
        fmt = _detect_format(filename, first[1])
    if fmt == "jsonl":
        if first[1].lstrip().startswith("["):
            raise ImportFileError("This is a JSON array; the importer reads JSON lines (one object per line).")
        return _jsonl_rows(lines)
    return _csv_rows(lines, tab=filename.lower().endswith(".tsv"))


def _jsonl_rows(lines: Iterable[tuple[int, str, bool]]) -> Iterator[RawRow]:
    for number, text, clean in lines:
        if not text.strip():
            continue
        if not clean:
            yield RawRow(number, None, "Not valid UTF-8 text.")
            continue
        try:
            data = json.loads(text)
        except ValueError as e:
            yield RawRow(number, None, f"Not valid JSON ({e.msg} at column {e.colno}).")
            continue
        if not isinstance(data, dict):
            yield RawRow(number, None, "Each line must be a JSON object ({…}).")
            continue
        yield RawRow(number, data)


def _csv_rows(lines: Iterable[tuple[int, str, bool]], *, tab: bool = False) -> Iterator[RawRow]:
    """Reads the header now (ImportFileError if it is unusable), the records lazily."""
    read = {"last": 0}  # number of the last line the csv reader has taken
    bad_lines: set[int] = set()

    def texts():
        for number, text, clean in lines:
            if not clean:
                bad_lines.add(number)
            read["last"] = number
            yield text

    reader = csv.reader(texts(), delimiter="\t" if tab else ",")
    try:
        header = next(reader)
    except csv.Error as e:
        raise ImportFileError(f"The CSV header cannot be read: {e}.") from None
    columns = [_field_name(name) for name in header]
    missing = [name for name in ("title", "company") if name not in columns]
    if missing:
        raise ImportFileError(
            f"The CSV header has no {' or '.join(f'“{name}”' for name in missing)} column "
            f"(it has: {', '.join(h.strip() for h in header)})."
        )

    def records() -> Iterator[RawRow]:
        while True:
            start = read["last"] + 1  # a quoted value may span several lines
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield RawRow(start, None, f"Not valid CSV: {e}.")
                continue
            if not any(value.strip() for value in values):
                continue
            if any(start <= number <= read["last"] for number in bad_lines):
                yield RawRow(start, None, "Not valid UTF-8 text.")
            elif len(values) > len(columns):
                yield RawRow(start, None, f"Has {len(values)} values but the header has {len(columns)} columns.")
            else:
                yield RawRow(start, dict(zip(header, values, strict=False)))

    return records()


def posting_file_import(*, stream: IO[bytes] | Iterable[bytes], filename: str = "",
                        keep_rejections: int | None = None) -> ImportReport:
    """Read and import one file (the command and the admin page). Raises ImportFileError."""
    return postings_import(rows=posting_rows_read(stream=stream, filename=filename), keep_rejections=keep_rejections)


# --- Demo data ----------------------------------------------------------------------------------------


def postings_seed_demo(*, count: int = 3000, seed: int = 2026) -> ImportReport:
    """A realistic catalog for the demo (idempotent: the generator's URLs are stable)."""
    from jobs.postings_generator import postings_generate

    rows = (RawRow(index, row) for index, row in enumerate(postings_generate(count, seed=seed), 1))
    return postings_import(rows=rows, source=JobPosting.Source.IMPORT, keep_rejections=20)
