"""Line diff of two resumes for the side-by-side comparison page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "equal", "removed" (left only), "added" (right only), "changed" (both)
    left_number: int | None
    left: str
    right_number: int | None
    right: str


def resume_text(resume) -> str:
    """What is compared: the builder markdown, else the text extracted from the file."""
    return resume.content or resume.raw_text or ""


def line_diff(left: str, right: str) -> list[DiffRow]:
    a, b = left.splitlines(), right.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                DiffRow("equal", i + 1, a[i], j + 1, b[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        left_lines, right_lines = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(left_lines), len(right_lines))):
            i = left_lines[k] if k < len(left_lines) else None
            j = right_lines[k] if k < len(right_lines) else None
            kind = "changed" if i is not None and j is not None else ("removed" if j is None else "added")
            rows.append(
                DiffRow(
                    kind,
                    None if i is None else i + 1,
                    "" if i is None else a[i],
                    None if j is None else j + 1,
                    "" if j is None else b[j],
                )
            )
    return rows
