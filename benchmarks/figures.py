"""Score figure/table extraction against the shared ground truth, the way pdffigures2 is scored.

A prediction is right when it is on the same page, has the same name as a ground-truth entry and its region
has IoU >= 0.8 with it; only pages listed in `pages_annotated` count. Prints per-PDF and total
precision/recall/F1 and the rate of exactly matching captions among the right predictions.

    PYTHONPATH=$PWD python benchmarks/figures.py [CORPUS_DIR] [--truth DIR] [-v]

Captions are compared apart from spaces and hyphens: the ground truth keeps the text layer's line breaks
("av- erage", "token- level"), the parser joins lines as a reader reads them ("average", "token-level").

`--truth DIR` scores against another folder of ground-truth files in the same format (default:
CORPUS_DIR/groundtruth/figures), e.g. the held-out annotations in benchmarks/holdout. A truth file whose PDF is
not in the corpus is looked up among the papers typeset from DIR/src/*.tex (benchmarks/holdout4); without
pdflatex those are left out and the script says so.
"""

from __future__ import annotations

import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from paperdigest.pdf import parse_pdf
from paperdigest.pdf.glyphs import plain_letters

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _latex import INSTALL_HINT, typeset  # noqa: E402

IOU = 0.8


@dataclass
class Score:
    predicted: int = 0
    truth: int = 0
    right: int = 0
    exact_captions: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.truth += other.truth
        self.right += other.right
        self.exact_captions += other.exact_captions
        self.misses += other.misses

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def caption_rate(self) -> float:
        return self.exact_captions / self.right if self.right else 1.0


def iou(a: list[float] | tuple[float, ...], b: list[float] | tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / area if area > 0 else 0.0


def _unbroken(caption: str) -> str:
    """The caption's words: line breaks, hyphens and the PDF's ligature and accent glyphs (which the parser spells out
    and the annotations keep) do not count."""
    return re.sub(r"[\s-]+", "", plain_letters(caption))


def score_pdf(pdf: Path, truth_file: Path) -> Score:
    entry = next(iter(json.loads(truth_file.read_text()).values()))
    pages = set(entry["pages_annotated"])
    truth = [t for t in entry["figures"] if t["page"] in pages]
    predicted = [f for f in parse_pdf(pdf).figures if f.page in pages]
    score = Score(predicted=len(predicted), truth=len(truth))
    unmatched = list(truth)
    for figure in predicted:
        match = next(
            (
                t
                for t in unmatched
                if t["page"] == figure.page
                and t["name"] == figure.name
                and figure.region_bbox
                and iou(t["region_bbox"], figure.region_bbox) >= IOU
            ),
            None,
        )
        if match is None:
            same = next((t for t in truth if t["name"] == figure.name), None)
            detail = f"iou={iou(same['region_bbox'], figure.region_bbox):.2f} truth={same['region_bbox']} p{same['page']}" if same and figure.region_bbox else "no such truth"
            score.misses.append(f"{pdf.name}: WRONG {figure.name} p{figure.page} {figure.region_bbox} {detail}")
            continue
        unmatched.remove(match)
        score.right += 1
        if _unbroken(figure.caption) == _unbroken(match["caption"]):
            score.exact_captions += 1
        else:
            score.misses.append(f"{pdf.name}: CAPTION {figure.name}: {figure.caption!r} != {match['caption']!r}")
    score.misses += [f"{pdf.name}: MISSED {t['name']} p{t['page']} {t['region_bbox']}" for t in unmatched]
    return score


def score_corpus(corpus: Path, truth: Path | None = None) -> dict[str, Score]:
    """Scores per PDF for every ground-truth file whose PDF is present (in the corpus or typeset from DIR/src)."""
    folder = truth or corpus / "groundtruth" / "figures"
    typeset_pdfs = typeset(folder / "src") if (folder / "src").is_dir() else {}
    pairs = []
    for truth_file in sorted(folder.glob("*.json")):
        name = next(iter(json.loads(truth_file.read_text())))
        pdf = typeset_pdfs.get(name, corpus / "pdfs" / name)
        if pdf.is_file():
            pairs.append((pdf, truth_file))
        elif (folder / "src" / f"{Path(name).stem}.tex").is_file():
            print(f"pdflatex is missing: {name} (typeset from {folder / 'src'}) is not scored; {INSTALL_HINT}")
    with ProcessPoolExecutor(max_workers=2) as pool:
        scores = list(pool.map(score_pdf, *zip(*pairs)))
    return {pdf.name: score for (pdf, _), score in zip(pairs, scores)}


def total(scores: dict[str, Score]) -> Score:
    out = Score()
    for score in scores.values():
        out.add(score)
    return out


def arguments(argv: list[str]) -> tuple[Path, Path | None]:
    """The corpus folder (first positional argument, else ../shared/corpus) and the `--truth` path if given."""
    argv = list(argv)
    truth = None
    if "--truth" in argv:
        at = argv.index("--truth")
        if at + 1 >= len(argv):
            sys.exit("--truth needs a path")
        truth = Path(argv[at + 1])
        del argv[at : at + 2]
    args = [a for a in argv if not a.startswith("-")]
    return Path(args[0]) if args else Path(__file__).resolve().parent.parent.parent / "shared" / "corpus", truth


def main() -> None:
    corpus, truth = arguments(sys.argv[1:])
    scores = score_corpus(corpus, truth)
    print(f"{'pdf':28} {'pred':>5} {'truth':>5} {'right':>5} {'P':>6} {'R':>6} {'F1':>6} {'capt':>6}")
    for name, s in {**scores, "TOTAL": total(scores)}.items():
        print(f"{name:28} {s.predicted:5} {s.truth:5} {s.right:5} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.caption_rate:6.3f}")
    if "-v" in sys.argv:
        for miss in total(scores).misses:
            print(miss)


if __name__ == "__main__":
    main()
