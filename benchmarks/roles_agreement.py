"""How far two careful readers agree on sentence roles, and so how far the targets of benchmarks/roles.py can be met.

The sets in benchmarks/roles/second/ were labelled a second time, blind to the first labels and to the engine, by
other helper sessions from the same brief (benchmarks/roles/README.md, "Second labellings"). For each set this prints:
- per role, how often the two labellings agree (Cohen's kappa over the sentences);
- the report a reader files from one labelling, scored by the other with the measure of benchmarks/roles.py: Core
  contribution is a contribution sentence (one that leaves a result sentence free, if any does), Experiments the
  other result sentences, Innovations the other contribution and method sentences, as many as the engine files;
- the engine, fitted without the set, scored by each labelling.
"""

from __future__ import annotations

import json

from roles import ROOT, add_scores, engine_report, measure

from paperdigest import sentence_model
from paperdigest.analyse.extractive import LIMITS

ROLES = ("background", "contribution", "method", "result", "availability", "limitation", "other")
SECOND = ROOT / "benchmarks" / "roles" / "second"
COLUMNS = ("contribution", "innovations", "experiments", "coverage")


def kappa(first: list[bool], second: list[bool]) -> float:
    """Cohen's kappa of two yes/no labellings: agreement beyond what their rates alone give by chance."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    rate_a, rate_b = sum(first) / n, sum(second) / n
    chance = rate_a * rate_b + (1 - rate_a) * (1 - rate_b)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def reader_report(sentences: list[dict]) -> dict[str, list[str]]:
    """The report a reader files from labels, under the engine's rules: each sentence in one field at most."""
    def has(sentence: dict, *roles: str) -> bool:
        return bool(set(sentence["roles"]) & set(roles))

    contributions = [s for s in sentences if has(s, "contribution")]
    results = [s for s in sentences if has(s, "result")]
    core = next((s for s in contributions if any(r is not s for r in results)), next(iter(contributions), None))
    rest = [s for s in sentences if s is not core]
    experiments = [s for s in rest if has(s, "result")][: LIMITS["experiments"]]
    innovations = [s for s in rest if s not in experiments and has(s, "contribution", "method")][: LIMITS["innovations"]]
    usage = [s for s in rest if has(s, "availability")][: LIMITS["usage"]]
    fields = {"contribution": [core] if core else [], "innovations": innovations, "experiments": experiments, "usage": usage}
    return {field: [s["text"] for s in chosen] for field, chosen in fields.items()}


def row(name: str, scores: dict[str, tuple[int, int]]) -> str:
    cells = [f"{right}/{n} = {right / n:.3f}" if n else "-" for right, n in (scores[c] for c in COLUMNS)]
    return f"| {name} | {' | '.join(cells)} |"


def agreement(pairs: list[tuple[set[str], set[str]]]) -> None:
    print(f"  {sum(a == b for a, b in pairs) / len(pairs):.1%} of {len(pairs)} sentences with the same roles from both labellings")
    for role in ROLES:
        a, b = [role in x for x, _ in pairs], [role in y for _, y in pairs]
        if any(a) or any(b):
            print(f"  {role:12} first {sum(a):4}  second {sum(b):4}  both {sum(x and y for x, y in zip(a, b)):4}  kappa {kappa(a, b):.2f}")


def table(rows: dict[str, dict[str, tuple[int, int]]]) -> None:
    print("  | report | Core contribution | Innovations | Experiments | coverage |\n  |---|---|---|---|---|")
    for name, scores in rows.items():
        print("  " + row(name, scores))


def main() -> None:
    training = sentence_model.training_items()
    sets = sorted(SECOND.glob("set_*.json"))
    pooled: dict[str, dict[str, tuple[int, int]]] = {}
    all_pairs: list[tuple[set[str], set[str]]] = []
    for path in sets:
        first = training[path.stem]
        second = json.loads(path.read_text(encoding="utf-8"))
        assert [[s["text"] for s in p["sentences"]] for p in first] == [[s["text"] for s in p["sentences"]] for p in second], path
        pairs = [(set(a["roles"]), set(b["roles"])) for p, q in zip(first, second) for a, b in zip(p["sentences"], q["sentences"])]
        all_pairs += pairs
        print(f"set {path.stem.removeprefix('set_').upper()} ({len(first)} abstracts):")
        agreement(pairs)
        second_by_id = {p["arxiv_id"]: p for p in second}
        first_by_id = {p["arxiv_id"]: p for p in first}
        others = sentence_model.labelled_abstracts([p for stem, items in training.items() if stem != path.stem for p in items])
        with sentence_model.using(sentence_model.fit(others)):
            rows = {
                "the second labelling's report, scored by the first": measure(first, report_of=lambda p: reader_report(second_by_id[p["arxiv_id"]]["sentences"])),
                "the first labelling's report, scored by the second": measure(second, report_of=lambda p: reader_report(first_by_id[p["arxiv_id"]]["sentences"])),
                "the engine (fitted without the set), scored by the first": measure(first, report_of=engine_report),
                "the engine (fitted without the set), scored by the second": measure(second, report_of=engine_report),
            }
        table(rows)
        pooled = {name: add_scores(pooled.get(name, {}), scores) for name, scores in rows.items()}
    if len(sets) > 1:
        print(f"the {len(sets)} second-labelled sets together:")
        agreement(all_pairs)
        table(pooled)


if __name__ == "__main__":
    main()
