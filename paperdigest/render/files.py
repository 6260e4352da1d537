"""The report folder's own copies of its images (figures, equation crops), so the folder can be moved or published
as it is."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from paperdigest.files import atomic_write
from paperdigest.models import EquationImage, Figure, PaperEntry

Shown = TypeVar("Shown", Figure, EquationImage)
IMAGE_FIELDS = ("figures", "equations")  # the lists of a PaperEntry whose items carry an image file


def copy_figures(entries: list[PaperEntry], out_dir: Path) -> list[PaperEntry]:
    """The entries with their images copied into out_dir/figures and their paths made relative to out_dir."""
    target = out_dir / "figures"
    copied = []
    for entry in entries:
        update = {name: _copied(getattr(entry, name), target) for name in IMAGE_FIELDS}
        changed = {name: items for name, items in update.items() if items != getattr(entry, name)}
        copied.append(entry.model_copy(update=changed) if changed else entry)
    return copied


def _copied(items: list[Shown], target: Path) -> list[Shown]:
    out = []
    for item in items:
        source = Path(item.image) if item.image else None
        if source is None or not source.is_absolute():
            out.append(item)
            continue
        # Atomic, like the report: a failed rerun must not leave a truncated image under the last good report.
        atomic_write(target / source.name, source.read_bytes())
        out.append(item.model_copy(update={"image": f"figures/{source.name}"}))
    return out
