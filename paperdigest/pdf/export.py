"""`paperdigest parse`: local files to the JSON shape of issue 8, figures rendered when an output folder is given."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from paperdigest.errors import ParseError
from paperdigest.pdf.document import parse_pdf, render_figures


def parse_files(paths: list[Path], out_dir: Path | None = None, dpi: int = 150) -> list[dict[str, Any]]:
    """One dict per file; a file that cannot be parsed gets {"file", "error"} and the others go on."""
    results: list[dict[str, Any]] = []
    for path in map(Path, paths):
        try:
            if path.suffix.lower() != ".pdf":
                raise ParseError(f"{path.name}: not a .pdf file")
            paper = parse_pdf(path)
            figures = paper.figures
            if out_dir is not None:
                rendered = render_figures(path, figures, out_dir, dpi=dpi, stem=_stem(path))
                figures = [f.model_copy(update={"image": str(Path(out_dir) / f.image)}) for f in rendered if f.image]
        except ParseError as exc:
            results.append({"file": path.name, "error": str(exc)})
            continue
        results.append(
            {
                "file": paper.file,
                "page_count": paper.page_count,
                "metadata": paper.metadata,
                "sections": [s.model_dump() for s in paper.sections],
                "references": [r.model_dump() for r in paper.references],
                "figures": [f.model_dump(include={"name", "type", "page", "caption", "caption_bbox", "region_bbox", "image"}) for f in figures],
            }
        )
    return results


def _stem(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).strip("._") or "paper"
