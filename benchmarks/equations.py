"""Score display-equation boxes against hand-annotated pages: precision and recall at IoU >= 0.5.

A prediction is right when it is on an annotated page, carries the same number as a ground-truth equation
and its box has IoU >= 0.5 with it.

    PYTHONPATH=$PWD python benchmarks/equations.py [CORPUS_DIR] [--truth FILE] [-v]

`--truth FILE` scores another annotation file (default: equations/truth.json; equations/truth2.json is the
second, held-out set).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from figures import arguments, iou

from paperdigest.pdf import parse_pdf

IOU = 0.5
TRUTH = Path(__file__).resolve().parent / "equations" / "truth.json"


def score(corpus: Path, truth_file: Path = TRUTH) -> tuple[list[tuple[str, int, int, int]], list[str]]:
    """(pdf, predicted, truth, right) per annotated PDF, and a line per miss."""
    rows: list[tuple[str, int, int, int]] = []
    notes: list[str] = []
    for name, entry in json.loads(truth_file.read_text()).items():
        pages = set(entry["pages_annotated"])
        found = [e for e in parse_pdf(corpus / "pdfs" / name).equation_regions if e.page in pages]
        left = list(entry["equations"])
        hits = 0
        for equation in found:
            match = next((t for t in left if t["page"] == equation.page and t["number"] == equation.number
                          and iou(t["bbox"], equation.bbox) >= IOU), None)
            if match is None:
                notes.append(f"{name}: WRONG ({equation.number}) p{equation.page} {equation.bbox}")
                continue
            left.remove(match)
            hits += 1
        notes += [f"{name}: MISSED ({t['number']}) p{t['page']} {t['bbox']}" for t in left]
        rows.append((name, len(found), len(entry["equations"]), hits))
    return rows, notes


def main() -> None:
    corpus, truth_file = arguments(sys.argv[1:])
    rows, notes = score(corpus, truth_file or TRUTH)
    print(f"{'pdf':24} {'pred':>5} {'truth':>5} {'right':>5}")
    for name, predicted, truth, right in rows:
        print(f"{name:24} {predicted:5} {truth:5} {right:5}")
    predicted, truth, right = (sum(row[i] for row in rows) for i in (1, 2, 3))
    precision = right / predicted if predicted else 1.0
    recall = right / truth if truth else 1.0
    print(f"{'TOTAL':24} {predicted:5} {truth:5} {right:5}   P {precision:.3f}  R {recall:.3f}  (IoU >= {IOU})")
    if "-v" in sys.argv:
        print("\n".join(notes))


if __name__ == "__main__":
    main()
