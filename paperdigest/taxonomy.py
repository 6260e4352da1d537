"""arXiv's category taxonomy (arxiv.org/category_taxonomy), bundled so that names are checked offline.

A typo in --categories would otherwise filter a whole day down to nothing without a word.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from paperdigest.errors import UsageError

# Archives without subject classes are categories themselves.
ARCHIVES = (
    "astro-ph", "cond-mat", "cs", "econ", "eess", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math",
    "math-ph", "nlin", "nucl-ex", "nucl-th", "physics", "q-bio", "q-fin", "quant-ph", "stat",
)  # fmt: skip
SUBJECTS = {
    "astro-ph": "CO EP GA HE IM SR",
    "cond-mat": "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con",
    "cs": "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI OH OS PF PL "
    "RO SC SD SE SI SY",
    "econ": "EM GN TH",
    "eess": "AS IV SP SY",
    "math": "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST",
    "nlin": "AO CD CG PS SI",
    "physics": "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph flu-dyn gen-ph "
    "geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph",
    "q-bio": "BM CB GN MN NC OT PE QM SC TO",
    "q-fin": "CP EC GN MF PM PR RM ST TR",
    "stat": "AP CO ME ML OT TH",
}
CATEGORIES = frozenset(ARCHIVES) | {f"{a}.{s}" for a, subjects in SUBJECTS.items() for s in subjects.split()}


def closest(name: str, count: int = 3) -> list[str]:
    """The valid names nearest to `name`, case and punctuation forgiven ('astroph' -> 'astro-ph')."""

    def key(value: str) -> str:
        return "".join(c for c in value.lower() if c.isalnum())

    by_key = {key(c): c for c in sorted(CATEGORIES)}
    exact = by_key.get(key(name))
    if exact:
        return [exact]
    return [by_key[k] for k in difflib.get_close_matches(key(name), list(by_key), n=count, cutoff=0.6)]


def check_categories(names: Iterable[str], option: str = "categories") -> tuple[str, ...]:
    """The names unchanged, or a usage error naming the first unknown one and the closest valid ones."""
    names = tuple(names)
    for name in names:
        if name not in CATEGORIES and name != "all":
            near = closest(name)
            if near:
                raise UsageError(f"unknown arXiv category {name!r} in {option}; did you mean {', '.join(map(repr, near))}?")
            raise UsageError(f"unknown arXiv category {name!r} in {option}")
    return names
