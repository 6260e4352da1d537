"""Which image files (figures, equation crops) a saved report may bring along when it is rendered again.

A report.json is input like any other: its image paths may name /etc/passwd or ../../secrets. Only files
inside the report's own folder or the cache's figure stores are kept; the others are dropped with a warning.
"""

from __future__ import annotations

from pathlib import Path

from paperdigest.models import EquationImage, Figure, PaperEntry
from paperdigest.render.files import IMAGE_FIELDS


def contained_figures(entries: list[PaperEntry], folder: Path, roots: list[Path]) -> tuple[list[PaperEntry], list[str]]:
    """The entries with each image made absolute, or its figure or equation dropped when it lies outside roots.

    Relative paths are read from folder (the JSON's); a path must resolve, links followed, inside one root.
    """
    allowed = [root.resolve() for root in roots]
    kept, warnings = [], []
    for entry in entries:
        update = {}
        for name in IMAGE_FIELDS:
            items: list[Figure | EquationImage] = []
            for item in getattr(entry, name):
                if not item.image:
                    items.append(item)
                    continue
                path = (folder / item.image).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in allowed):
                    items.append(item.model_copy(update={"image": str(path)}))
                else:
                    what = item.name if isinstance(item, Figure) else f"Equation ({item.number})"
                    warnings.append(
                        f"{entry.paper.arxiv_id}: {what}: image {item.image!r} is not a file inside the "
                        "report's folder or the figure cache; dropped"
                    )
            update[name] = items
        kept.append(entry.model_copy(update=update))
    return kept, warnings
