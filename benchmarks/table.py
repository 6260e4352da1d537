"""The extractive engine's comparison-table cells against hand-labelled rows.

Four sets (labelled by helper sessions that never saw the engine's rows; see benchmarks/table/README.md):
- dev: the 30 corpus PDFs, read in full by `paperdigest digest`, and the replay week's four abstract-only papers;
- held-out, second and third held-out: 60 abstracts each of the labelled role sets (HF and arXiv cs), read alone, with a
  role model fitted without them, as one period (their themes are each other's).

A filled cell is right when it names one of the paper's labelled values (a task phrase; a dataset or metric its main
results are reported in), allowing a shorter or longer form ("ImageNet" for "ImageNet 2012"); a task of one word must
match whole. An empty cell ("—") is right when the paper names none.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import CORPUS, REPLAY_WEEK, ROOT, cli_env, paperdigest

sys.path.insert(0, str(ROOT))

from paperdigest import sentence_model  # noqa: E402
from paperdigest.analyse.extractive import analyse  # noqa: E402
from paperdigest.analyse.overview import compare  # noqa: E402
from paperdigest.models import Paper, PaperEntry, Selection  # noqa: E402

GOLD = ROOT / "benchmarks" / "table"
COLUMNS = ("task", "data", "metric")
HELD_OUT = {"held-out": "gold_heldout.json", "second held-out": "gold_heldout2.json", "third held-out": "gold_heldout3.json"}  # set name -> labels
_FILLER = {"the", "a", "an", "of", "for", "on", "in", "and", "to", "with", "set", "test", "dataset", "benchmark", "task", "tasks"}


def _words(text: str) -> set[str]:
    """Content words, a plural read as its singular ("optimizations" is "optimization", "perplexities" "perplexity")."""
    words = re.sub(r"[^\w@.+]+", " ", text.lower().replace("-", " ")).split()
    singular = [w[:-3] + "y" if len(w) > 4 and w.endswith("ies") else w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return {w for w in singular if w not in _FILLER}


def names_one_of(cell: str, values: list[str], column: str) -> bool:
    """The cell names one of the labelled values: the same words, a shorter form of one (a task in two words at
    least), or a longer form with at most two words more (a whole title names no task)."""
    words = _words(cell)
    for value in values:
        wanted = _words(value)
        if not words or not wanted:
            continue
        if words == wanted:
            return True
        if words < wanted and (column != "task" or len(words) >= 2):
            return True
        if wanted < words and len(words) - len(wanted) <= 2:
            return True
    return False


def score(rows: dict[str, dict[str, str]], gold: dict[str, dict], verbose: bool) -> dict[str, dict[str, int]]:
    tally = {c: {"filled": 0, "right": 0, "empty": 0, "empty right": 0, "labelled": 0} for c in COLUMNS}
    for key, labels in gold.items():
        row = rows.get(key)
        if row is None:
            print(f"  no table row for {key}")
            continue
        for column in COLUMNS:
            cell, values = row.get(column, "").strip(), labels[column]
            t = tally[column]
            t["labelled"] += bool(values)
            if cell:
                right = names_one_of(cell, values, column)
                t["filled"] += 1
                t["right"] += right
            else:
                right = not values
                t["empty"] += 1
                t["empty right"] += right
            if verbose and not right:
                print(f"  {key:22} {column:6} {cell or '—'!r:40} labelled {values}")
    return tally


def show(name: str, tally: dict[str, dict[str, int]]) -> None:
    print(f"{name}:")
    for column, t in tally.items():
        filled = f"{t['right']}/{t['filled']} filled cells right" + (f" ({t['right'] / t['filled']:.2f})" if t["filled"] else "")
        said = t["empty"] - t["empty right"]
        print(f"  {column:7} {filled}; {t['empty']} empty, {said} of them where the paper names one; "
              f"{t['right']}/{t['labelled']} of the labelled values found")


def dev_rows() -> dict[str, dict[str, str]]:
    """Table rows of the 30-PDF digest (keyed by file name) and of the replay week (by arXiv id)."""
    pdfs = sorted(str(p) for p in (CORPUS / "pdfs").glob("*.pdf"))
    rows: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as base:
        env = cli_env(Path(base))
        reports = [subprocess.run(paperdigest(*command, "-f", "json", "--out", "-"), env=env, capture_output=True, text=True, check=False)
                   for command in (["digest", *pdfs], REPLAY_WEEK)]
    for done in reports:
        if done.returncode not in (0, 3):  # 3: a day of the week is missing, which the report says
            raise SystemExit(f"table.py: {' '.join(done.args[3:5])}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        report = json.loads(done.stdout)
        files = {p["paper"]["arxiv_id"]: Path(p["paper"].get("extra", {}).get("file", "")).stem for p in report["papers"]}
        for row in report["comparison"]["table"]:
            rows[files.get(row["arxiv_id"]) or row["arxiv_id"]] = row
    return rows


def heldout_rows(keys: list[str]) -> dict[str, dict[str, str]]:
    """Abstract-only rows of the held-out papers, with a role model that never saw them."""
    items = {item["arxiv_id"]: item for items in sentence_model.training_items().values() for item in items}
    others = [item for item_id, item in items.items() if item_id not in keys]
    entries = []
    with sentence_model.using(sentence_model.fit(sentence_model.labelled_abstracts(others))):
        for key in keys:
            item = items[key]
            paper = Paper(arxiv_id=key, title=item["title"], abstract=" ".join(s["text"] for s in item["sentences"]))
            entry = PaperEntry(paper=paper, selection=Selection(arxiv_id=key, selected=True))
            entries.append(entry.model_copy(update={"analysis": analyse(entry)}))
    return {row.arxiv_id: row.model_dump() for row in compare(entries).table}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong cell")
    args = parser.parse_args()
    dev = {g["key"]: g for g in json.loads((GOLD / "gold_dev.json").read_text(encoding="utf-8"))}
    show(f"dev ({len(dev)} papers: 30 corpus PDFs in full, 4 replay-week abstracts)", score(dev_rows(), dev, args.verbose))
    for name, file in HELD_OUT.items():
        heldout = {g["key"]: g for g in json.loads((GOLD / file).read_text(encoding="utf-8"))}
        show(f"{name} ({len(heldout)} abstracts, HF and arXiv cs)", score(heldout_rows(list(heldout)), heldout, args.verbose))


if __name__ == "__main__":
    main()
