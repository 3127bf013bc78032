"""Parse resume files (PDF or DOCX) and print what was found. Saves nothing.

    python manage.py parse_resume resume.pdf other.docx --json

With --json: one JSON object per line per file, {"file", <the keys of
jobs.parsing.parse.parse_resume_text>}, or {"file", "error"} for a file that cannot be
read (the command carries on with the next). Exit status 1 only when every file failed.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobs.parsing.extract import ExtractionError, extract_document
from jobs.parsing.parse import parse_resume_text


def parse_file(path: str) -> dict:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return {"file": path, "error": f"Cannot read the file: {e.strerror or e}"}
    try:
        extraction = extract_document(data, filename=Path(path).name)
    except ExtractionError as e:
        return {"file": path, "error": e.message}
    return {"file": path, **parse_resume_text(extraction.text, links=extraction.links)}


class Command(BaseCommand):
    help = "Extract and parse resume files (PDF/DOCX); print the structured result. Saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="PDF or DOCX files")
        parser.add_argument("--json", action="store_true", dest="as_json", help="One JSON object per line per file")

    def handle(self, *args, files, as_json=False, **options):
        failed = 0
        for path in files:
            result = parse_file(path)
            failed += "error" in result
            if as_json:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(self._summary(result))
        if failed == len(files):
            raise CommandError("No file could be parsed.", returncode=1)

    def _summary(self, r: dict) -> str:
        if "error" in r:
            return f"{r['file']}: ERROR {r['error']}\n"
        out = [f"== {r['file']}"]
        for key in ("name", "email", "phone", "location"):
            out.append(f"{key.capitalize():<10} {r[key] or '—'}")
        if r["links"]:
            out.append(f"{'Links':<10} {', '.join(r['links'])}")
        if r["summary"]:
            out.append(f"{'Summary':<10} {r['summary'][:200]}")
        out.append(f"Experience ({len(r['experience'])})")
        for e in r["experience"]:
            end = "present" if e["current"] else (e["end"] or "?")
            where = f" ({e['location']})" if e["location"] else ""
            out.append(f"  {e['start'] or '?'} – {end}  {e['title'] or '?'} @ {e['company'] or '?'}{where}, {len(e['bullets'])} bullets")
        out.append(f"Education ({len(r['education'])})")
        for e in r["education"]:
            gpa = f", GPA {e['gpa']}" if e["gpa"] else ""
            out.append(f"  {e['degree'] or '?'} {e['field']} — {e['institution'] or '?'} ({e['start'] or ''}–{e['end'] or ''}){gpa}")
        out.append(f"Skills ({len(r['skills'])}): {', '.join(r['skills'])}")
        for c in r["certifications"]:
            out.append(f"  Cert: {c['name']} — {c['issuer'] or '?'} {c['date'] or ''}")
        return "\n".join(out) + "\n"
