"""The report folder's own copies of the figure images, so the folder can be moved or published as it is."""

from __future__ import annotations

from pathlib import Path

from paperdigest.files import atomic_write
from paperdigest.models import PaperEntry


def copy_figures(entries: list[PaperEntry], out_dir: Path) -> list[PaperEntry]:
    """The entries with their images copied into out_dir/figures and their paths made relative to out_dir."""
    target = out_dir / "figures"
    copied = []
    for entry in entries:
        figures = []
        for figure in entry.figures:
            source = Path(figure.image)
            if not source.is_absolute():
                figures.append(figure)
                continue
            # Atomic, like the report: a failed rerun must not leave a truncated image under the last good report.
            atomic_write(target / source.name, source.read_bytes())
            figures.append(figure.model_copy(update={"image": f"figures/{source.name}"}))
        copied.append(entry.model_copy(update={"figures": figures}) if figures != entry.figures else entry)
    return copied
