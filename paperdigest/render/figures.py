"""Which figure files a saved report may bring along when it is rendered again.

A report.json is input like any other: its figure paths may name /etc/passwd or ../../secrets. Only files
inside the report's own folder or the cache's figure store are kept; the others are dropped with a warning.
"""

from __future__ import annotations

from pathlib import Path

from paperdigest.models import PaperEntry


def contained_figures(entries: list[PaperEntry], folder: Path, roots: list[Path]) -> tuple[list[PaperEntry], list[str]]:
    """The entries with each figure's image made absolute, or the figure dropped when it lies outside roots.

    Relative paths are read from folder (the JSON's); a path must resolve, links followed, inside one root.
    """
    allowed = [root.resolve() for root in roots]
    kept, warnings = [], []
    for entry in entries:
        figures = []
        for figure in entry.figures:
            if not figure.image:
                figures.append(figure)
                continue
            path = (folder / figure.image).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in allowed):
                figures.append(figure.model_copy(update={"image": str(path)}))
            else:
                warnings.append(
                    f"{entry.paper.arxiv_id}: {figure.name}: image {figure.image!r} is not a file inside the "
                    "report's folder or the figure cache; figure dropped"
                )
        kept.append(entry.model_copy(update={"figures": figures}))
    return kept, warnings
