"""Typeset the LaTeX papers of a held-out set (its `src/` folder) into a cache, byte for byte alike on every run.

The papers are kept as sources, never as PDFs; their ground-truth boxes hold because pdflatex output is
deterministic here: the sources set \\pdfinfoomitdate and an empty \\pdftrailerid, and SOURCE_DATE_EPOCH fixes
any date left. A TeX Live of another year may still set type differently; the set's README names the one used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = "apt-get install texlive-latex-base texlive-latex-recommended texlive-fonts-recommended"


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "paperdigest-bench" / "latex"


def typeset(src: Path) -> dict[str, Path]:
    """PDF file name -> typeset PDF for every `src/*.tex`; empty when pdflatex is missing (the caller says so)."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        return {}
    pdfs = {}
    for tex in sorted(src.glob("*.tex")):
        digest = hashlib.sha256(tex.read_bytes()).hexdigest()[:16]
        pdf = cache_dir() / digest / f"{tex.stem}.pdf"
        if not pdf.is_file():
            _compile(pdflatex, tex, pdf)
        pdfs[pdf.name] = pdf
    return pdfs


def _compile(pdflatex: str, tex: Path, pdf: Path) -> None:
    """Two pdflatex runs (the second resolves references) in a scratch folder, then one rename into the cache."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(2):
            run = subprocess.run(
                [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-output-directory", scratch, tex.name],
                cwd=tex.parent, env=env, capture_output=True, text=True, timeout=300, check=False,
            )
            if run.returncode:
                raise RuntimeError(f"pdflatex failed on {tex}: {run.stdout[-2000:]}")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(Path(scratch) / pdf.name, pdf)
