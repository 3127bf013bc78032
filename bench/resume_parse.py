"""Resume parsing accuracy and speed on the generated, labelled corpus.

    .venv/bin/python bench/resume_parse.py [--count 50] [--seed 4] [--verbose]

Generates the corpus (bench/resume_corpus.py) when missing, runs every file through
extract_document + parse_resume_text on one core and prints field-level accuracy:
  contact fields (name, email, phone, location)      target ≥ 97 %
  experience entries (company + title + start + end)  target ≥ 90 %
  education entries (institution + degree + field + end) target ≥ 90 %
  skills F1 (case-insensitive)                         target ≥ 90 %
  speed: resumes per second                            target ≥ 10/s
Needs no database: the parser is pure Python.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from resume_corpus import generate  # noqa: E402

from jobs.parsing.extract import extract_document  # noqa: E402
from jobs.parsing.parse import parse_resume_text  # noqa: E402

TARGETS = {"contact": 0.97, "experience": 0.90, "education": 0.90, "skills_f1": 0.90, "speed": 10.0}


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s or "")


def _norm(s) -> str:
    return " ".join(str(s or "").lower().split())


def score(truth: dict, got: dict, errors: list[str]) -> dict:
    out = {"contact_ok": 0, "contact_n": 0, "exp_ok": 0, "exp_n": 0, "edu_ok": 0, "edu_n": 0,
           "skills_tp": 0, "skills_fp": 0, "skills_fn": 0, "cert_ok": 0, "cert_n": 0}
    for key in ("name", "email", "phone", "location"):
        out["contact_n"] += 1
        ok = _digits(truth[key]) == _digits(got[key]) if key == "phone" else _norm(truth[key]) == _norm(got[key])
        out["contact_ok"] += ok
        if not ok:
            errors.append(f"{key}: want {truth[key]!r} got {got[key]!r}")

    def exp_key(e):
        return (_norm(e["company"]), _norm(e["title"]), e["start"], e["end"], bool(e["current"]))

    got_exp = [exp_key(e) for e in got["experience"]]
    for e in truth["experience"]:
        out["exp_n"] += 1
        if exp_key(e) in got_exp:
            out["exp_ok"] += 1
        else:
            errors.append(f"experience: want {exp_key(e)} got {got_exp}")
    # Extra invented entries count against accuracy too.
    out["exp_n"] += max(0, len(got["experience"]) - len(truth["experience"]))

    def edu_key(e):
        return (_norm(e["institution"]), _norm(e["degree"]), _norm(e["field"]), e["end"], e["gpa"])

    got_edu = [edu_key(e) for e in got["education"]]
    for e in truth["education"]:
        out["edu_n"] += 1
        if edu_key(e) in got_edu:
            out["edu_ok"] += 1
        else:
            errors.append(f"education: want {edu_key(e)} got {got_edu}")
    out["edu_n"] += max(0, len(got["education"]) - len(truth["education"]))

    want = {_norm(s) for s in truth["skills"]}
    have = {_norm(s) for s in got["skills"]}
    out["skills_tp"] = len(want & have)
    out["skills_fp"] = len(have - want)
    out["skills_fn"] = len(want - have)
    if want != have:
        errors.append(f"skills: missing {sorted(want - have)} extra {sorted(have - want)}")

    got_certs = [(_norm(c["name"]), _norm(c["issuer"]), c["date"]) for c in got["certifications"]]
    for c in truth["certifications"]:
        out["cert_n"] += 1
        ok = (_norm(c["name"]), _norm(c["issuer"]), c["date"]) in got_certs
        out["cert_ok"] += ok
        if not ok:
            errors.append(f"certification: want {c} got {got_certs}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    parser.add_argument("--verbose", action="store_true", help="print every mismatch")
    args = parser.parse_args(argv)

    files = generate(args.out, args.count, args.seed)
    totals: dict[str, int] = {}
    by_layout: dict[str, list[int]] = {}
    elapsed = 0.0
    for path in files:
        meta = json.loads(path.with_suffix(".json").read_text())
        data = path.read_bytes()
        t0 = time.perf_counter()
        extraction = extract_document(data, filename=path.name)
        got = parse_resume_text(extraction.text, links=extraction.links)
        elapsed += time.perf_counter() - t0
        errors: list[str] = []
        s = score(meta["truth"], got, errors)
        for k, v in s.items():
            totals[k] = totals.get(k, 0) + v
        by_layout.setdefault(meta["layout"], [0, 0])
        by_layout[meta["layout"]][0] += 1
        by_layout[meta["layout"]][1] += not errors
        if errors and args.verbose:
            print(f"--- {path.name} ({meta['layout']}, {meta['date_style']}, {meta['exp_style']})")
            for e in errors:
                print("   ", e)

    contact = totals["contact_ok"] / totals["contact_n"]
    exp = totals["exp_ok"] / max(1, totals["exp_n"])
    edu = totals["edu_ok"] / max(1, totals["edu_n"])
    tp, fp, fn = totals["skills_tp"], totals["skills_fp"], totals["skills_fn"]
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    certs = totals["cert_ok"] / max(1, totals["cert_n"])
    speed = len(files) / elapsed

    def line(label, value, target, fmt="{:.1%}"):
        mark = "ok" if value >= target else "BELOW TARGET"
        print(f"{label:<44} {fmt.format(value):>8}   (target ≥ {fmt.format(target)}) {mark}")

    print(f"Corpus: {len(files)} resumes in {args.out}")
    for layout, (n, clean) in sorted(by_layout.items()):
        print(f"  {layout:<20} {n:>3} files, {clean:>3} parsed without any mismatch")
    line("Contact fields (name, email, phone, location)", contact, TARGETS["contact"])
    line("Experience entries (company+title+dates)", exp, TARGETS["experience"])
    line("Education entries (inst.+degree+field+end+GPA)", edu, TARGETS["education"])
    line(f"Skills F1 (P {precision:.1%}, R {recall:.1%})", f1, TARGETS["skills_f1"])
    print(f"{'Certifications (name+issuer+date)':<44} {certs:>8.1%}   (not a target)")
    line("Speed, resumes/second (one core)", speed, TARGETS["speed"], fmt="{:.1f}")
    ok = contact >= TARGETS["contact"] and exp >= TARGETS["experience"] and edu >= TARGETS["education"]
    ok = ok and f1 >= TARGETS["skills_f1"] and speed >= TARGETS["speed"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
