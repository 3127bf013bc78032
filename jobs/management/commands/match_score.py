"""Score a resume against job descriptions. Saves nothing.

    python manage.py match_score --resume resume.pdf --job job1.md --job job2.html --json

The resume is a PDF or DOCX (read like an upload), a .txt/.md (its text is parsed) or a
.json (the structure parse_resume prints, or {"text": …, "parsed": {…}}). A job file is
plain text, markdown or HTML (turned into text). With --json, one line per job:
{"job": path, "score": 0–100, "matched": [...], "missing": [...]}; a job file that
cannot be read prints {"job": path, "error": "…"} and the command carries on.
"""

from __future__ import annotations

import json
from pathlib import Path

import html_text
from django.core.management.base import BaseCommand, CommandError

from jobs.matching.match import job_profile, match_profiles, resume_profile

_PARSED_KEYS = ("name", "email", "phone", "location", "links", "summary", "experience", "education", "skills", "certifications")


def _text_from_parsed(parsed: dict) -> str:
    """Resume text rebuilt from a parsed structure (when the JSON has no text of its own)."""
    lines = [str(parsed.get(k) or "") for k in ("name", "email", "phone", "location", "summary")]
    for e in parsed.get("experience") or []:
        lines.append(" — ".join(str(e.get(k) or "") for k in ("title", "company")))
        lines += [f"- {b}" for b in e.get("bullets") or []]
    for e in parsed.get("education") or []:
        lines.append(" ".join(str(e.get(k) or "") for k in ("degree", "field", "institution")))
    lines.append(", ".join(str(s) for s in parsed.get("skills") or []))
    return "\n".join(line for line in lines if line.strip())


def load_resume(path: str) -> tuple[str, dict]:
    """(text, parsed) of a resume file. Raises CommandError with a readable message."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as e:
        raise CommandError(f"Cannot read the resume {path}: {e.strerror or e}") from None
    suffix = file.suffix.lower()
    from jobs.parsing.parse import parse_resume_text

    if suffix == ".json":
        try:
            payload = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise CommandError(f"The resume {path} is not valid JSON: {e}") from None
        if not isinstance(payload, dict):
            raise CommandError(f"The resume {path} must hold a JSON object.")
        parsed = payload.get("parsed") if isinstance(payload.get("parsed"), dict) else {k: payload[k] for k in _PARSED_KEYS if k in payload}
        text = str(payload.get("text") or payload.get("raw_text") or "") or _text_from_parsed(parsed)
        return text, parsed
    if suffix in (".txt", ".md", ".markdown", ".text", ""):
        text = data.decode("utf-8", errors="replace")
        return text, parse_resume_text(text)
    from jobs.parsing.extract import ExtractionError, extract_document

    try:
        extraction = extract_document(data, filename=file.name)
    except ExtractionError as e:
        raise CommandError(f"{path}: {e.message}") from None
    return extraction.text, parse_resume_text(extraction.text, links=extraction.links)


def load_job(path: str) -> tuple[str, str]:
    """(title, description) of a job file: the first non-empty line is taken as its title."""
    file = Path(path)
    raw = file.read_bytes().decode("utf-8", errors="replace")
    if file.suffix.lower() in (".html", ".htm") or raw.lstrip()[:1] == "<":
        raw = html_text.extract_text(raw, guess_layout=True)
    first = next((line.strip().lstrip("#").strip() for line in raw.splitlines() if line.strip()), "")
    return first[:300], raw


class Command(BaseCommand):
    help = "Score a resume (PDF/DOCX/TXT/JSON) against job description files. Saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("--resume", required=True, help="PDF, DOCX, TXT or JSON resume")
        parser.add_argument("--job", action="append", required=True, help="Job description file (text, markdown or HTML); repeat for more")
        parser.add_argument("--json", action="store_true", dest="as_json", help="One JSON object per line per job")

    def handle(self, *args, resume, job, as_json=False, **options):
        text, parsed = load_resume(resume)
        profile = resume_profile(resume_text=text, parsed=parsed)
        for path in job:
            try:
                title, description = load_job(path)
            except OSError as e:
                result = {"job": path, "error": f"Cannot read the file: {e.strerror or e}"}
            else:
                m = match_profiles(profile, job_profile(description=description, job_title=title))
                result = {"job": path, "score": m.score, "matched": m.matched, "missing": m.missing}
            if as_json:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            elif "error" in result:
                self.stdout.write(f"{path}: ERROR {result['error']}")
            else:
                self.stdout.write(
                    f"{path}: {result['score']}/100\n  matched: {', '.join(result['matched']) or '—'}\n"
                    f"  missing: {', '.join(result['missing']) or '—'}"
                )
