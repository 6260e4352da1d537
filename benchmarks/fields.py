"""The extractive engine's full-text report fields against hand-labelled sentence roles.

`roles.py` scores the fields an abstract fills; this scores what the full text adds to them, where the sentences come
from methods and results sections, footnotes and asides. Every Innovations, Key principles, Experiments, Strengths
and Limitations bullet of a `paperdigest digest` of full texts is looked up in `fields/` and counted right when its
labelled role is the field's: contribution or method (Innovations, Key principles); result; a result in the paper's
favour; limitation. Display equations are not scored.

- dev: the 30 corpus PDFs (`../shared/corpus/pdfs/*.pdf`), read while the rules were written;
- held-out: the three non-arXiv PDFs, the arXiv HTML paper and the two one-page excerpts, labelled at their first score.

A bullet no label names is listed (with `-v`) and left out of the precision: label it before reading the score again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from _common import CORPUS, ROOT, cli_env, paperdigest

GOLD = ROOT / "benchmarks" / "fields"
FIELDS = {
    "innovations": lambda label: label["role"] in ("contribution", "method"),
    "principles": lambda label: label["role"] in ("contribution", "method"),
    "experiments": lambda label: label["role"] == "result",
    "strengths": lambda label: label["role"] == "result" and label.get("favourable", True),
    "limitations": lambda label: label["role"] == "limitation",
}
SETS = {
    "dev (30 corpus PDFs)": ("gold_dev.json", lambda: sorted((CORPUS / "pdfs").glob("*.pdf"))),
    "held-out (3 non-arXiv PDFs, 1 arXiv HTML paper, 2 one-page excerpts)": (
        "gold_heldout.json",
        lambda: sorted([*(CORPUS / "pdfs" / "non_arxiv").glob("*.pdf"), *(CORPUS / "arxiv_html").glob("*.html"), *(CORPUS / "pdfs" / "excerpts").glob("*.pdf")]),
    ),
}


def bullets(files: list[Path]) -> list[tuple[str, str, str]]:
    """(paper, field, text) of every bullet of the four fields, from one extractive digest of the files."""
    if not files:
        raise SystemExit(f"fields.py: no papers under {CORPUS} (set PAPERDIGEST_CORPUS to the shared corpus)")
    with tempfile.TemporaryDirectory() as base:
        done = subprocess.run(paperdigest("digest", *map(str, files), "--engine", "extractive", "-f", "json", "--out", "-"),
                              env=cli_env(Path(base)), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"fields.py: digest: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    return [(entry["paper"]["arxiv_id"], field, claim["text"])
            for entry in json.loads(done.stdout)["papers"] for field in FIELDS for claim in entry["analysis"]["summary"][field]
            if not claim["text"].startswith("$$")]  # a display equation is no sentence to label


def label_of(paper: str, text: str, labels: list[dict]) -> dict | None:
    """The label of a bullet: the same paper's, whose text the bullet is or starts with (a few are kept by their opening)."""
    return next((label for label in labels if label["paper"] == paper and text.startswith(label["text"])), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong or unlabelled bullet")
    args = parser.parse_args()
    for name, (gold, files) in SETS.items():
        labels = json.loads((GOLD / gold).read_text(encoding="utf-8"))
        found = bullets(files())
        print(f"{name}:")
        for field, right in FIELDS.items():
            scored = [(paper, text, label_of(paper, text, labels)) for paper, f, text in found if f == field]
            labelled = [(paper, text, label) for paper, text, label in scored if label]
            hits = sum(right(label) for _, _, label in labelled)
            share = f"{hits / len(labelled):.3f}" if labelled else "—"
            print(f"  {field:12} {hits}/{len(labelled)} = {share}; {len(scored) - len(labelled)} unlabelled")
            if args.verbose:
                for paper, text, label in scored:
                    if not label or not right(label):
                        print(f"    {label['role'] if label else 'UNLABELLED':12} {paper}: {text[:140]}")


if __name__ == "__main__":
    main()
