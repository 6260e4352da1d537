"""Grounding in context on real papers: hand-labelled claims (benchmarks/grounding/claims.json, labelled before
grounding.py ran on them) checked against the PDFs' text, with the context rule and, side by side, the older
rule that accepted a number found anywhere in the paper.

supported claims verified = how often a right number is confirmed (higher is better);
wrong claims left unverified = how often a number stated for something else is caught (higher is better).

    PYTHONPATH=$PWD python benchmarks/grounding_context.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, machine  # noqa: E402

from paperdigest.analyse import grounding  # noqa: E402
from paperdigest.models import Claim, ParsedPaper, Summary  # noqa: E402

CLAIMS = Path(__file__).resolve().parent / "grounding" / "claims.json"


def page_texts(pdf: Path) -> ParsedPaper:
    import pymupdf  # the benchmark reads the PDFs' text layer as the PDF parser's page_texts do

    with pymupdf.open(pdf) as doc:
        return ParsedPaper(source="pdf", page_texts=[page.get_text() for page in doc], page_count=doc.page_count)


def verified(text: str, paper: ParsedPaper) -> bool:
    """Not marked in the report: verified, or nothing in it to check (a "3x" is too short to look up)."""
    grounded, _ = grounding.ground(Summary(experiments=[Claim(text=text)]), paper, "")
    return grounded.experiments[0].verified is not False


def score(claims: list[dict], papers: dict[str, ParsedPaper]) -> tuple[dict[str, int], list[str]]:
    counts = {"supported": 0, "supported_verified": 0, "wrong": 0, "wrong_caught": 0}
    misses = []
    for claim in claims:
        ok = verified(claim["text"], papers[claim["pdf"]])
        counts[claim["label"]] += 1
        if claim["label"] == "supported":
            counts["supported_verified"] += ok
        else:
            counts["wrong_caught"] += not ok
        if ok != (claim["label"] == "supported"):
            misses.append(f"{claim['label']:>9} {'verified' if ok else 'unverified'}: {claim['text']}")
    return counts, misses


def main() -> None:
    claims = json.loads(CLAIMS.read_text())["claims"]
    papers = {name: page_texts(CORPUS / "pdfs" / f"{name}.pdf") for name in {c["pdf"] for c in claims}}
    anywhere = mock.patch.object(grounding._Context, "found_in", lambda self, context: True)
    print(f"machine: {machine()}; {len(claims)} claims on {len(papers)} papers")
    for name in sorted({c["set"] for c in claims}):
        print(f"set {name}:")
        for rule, patch in (("in context", None), ("anywhere (before)", anywhere)):
            if patch:
                patch.start()
            counts, misses = score([c for c in claims if c["set"] == name], papers)
            if patch:
                patch.stop()
            print(
                f"{rule:>20}: supported verified {counts['supported_verified']}/{counts['supported']}, "
                f"wrong caught {counts['wrong_caught']}/{counts['wrong']}"
            )
            for miss in misses:
                print(f"{'':>22}{miss}")


if __name__ == "__main__":
    main()
