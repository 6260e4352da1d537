"""Parse speed over every PDF in the shared corpus, against the floor and the obvious alternative.

Prints pages/s for: a bare `page.get_text("dict")` pass (the floor of any PyMuPDF parser), the full
`parse_pdf` (figures located, not rendered), `render_figures` at 150 dpi, `pymupdf4llm.to_markdown` (on a sample: it is slow), and the
full parse with papers in parallel across cores; then the ratios, and the peak memory of parsing the largest PDF
in a fresh process.

    PYTHONPATH=$PWD python benchmarks/parse.py [PDF_DIR]
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pymupdf
import pymupdf4llm

from paperdigest.pdf import parse_pdf, render_figures

MARKDOWN_PAGES = 2
LIMITS = {"max_pages": 10_000, "max_bytes": 10**10}  # measure every file, however large


def bare(path: Path) -> int:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("dict")
        return doc.page_count


def bare_text_only(path: Path) -> int:
    """The default "dict" also decodes every image; parse_pdf asks for text only, so this is the stricter floor."""
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("dict", flags=pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES)
        return doc.page_count


def markdown(path: Path) -> int:
    """pymupdf4llm on the first pages only: with its layout model it runs at about a page per second."""
    pages = list(range(min(MARKDOWN_PAGES, bare_count(path))))
    with contextlib.redirect_stdout(sys.stderr):  # it prints parser messages
        pymupdf4llm.to_markdown(str(path), pages=pages, show_progress=False)
    return len(pages)


def bare_count(path: Path) -> int:
    with pymupdf.open(path) as doc:
        return doc.page_count


def timed(label: str, run, paths: list[Path]) -> float:
    start = time.perf_counter()
    pages = sum(run(path) for path in paths)
    seconds = time.perf_counter() - start
    rate = pages / seconds
    print(f"{label:34} {pages:5} pages {seconds:7.2f} s {rate:8.1f} pages/s", flush=True)
    return rate


def full(path: Path) -> int:
    return parse_pdf(path, **LIMITS).page_count or 0


def render(parsed: dict[Path, list], out: Path, path: Path) -> int:
    render_figures(path, parsed[path], out, dpi=150, stem=path.stem)
    return bare_count(path)


def peak_memory_mb(path: Path) -> float:
    """Peak RSS of a fresh process that parses one PDF.

    Read from VmHWM: ru_maxrss survives fork+exec on Linux and would report this (larger) process instead.
    """
    code = (
        "from pathlib import Path; from paperdigest.pdf import parse_pdf; "
        f"parse_pdf(Path({str(path)!r}), max_pages=10**4); "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(result.stdout.split()[-1]) / 1024


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdfs"
    paths = sorted(folder.rglob("*.pdf"))
    print(f"{len(paths)} PDFs in {folder}")
    floor = timed('bare page.get_text("dict")', bare, paths)
    text_floor = timed('bare get_text("dict"), no images', bare_text_only, paths)
    parse_rate = timed("parse_pdf (no rendering)", full, paths)
    parsed = {path: parse_pdf(path, **LIMITS).figures for path in paths}
    figures = sum(len(f) for f in parsed.values())
    with tempfile.TemporaryDirectory() as out:
        render_rate = timed(f"render_figures 150 dpi ({figures} figs)", partial(render, parsed, Path(out)), paths)
    workers = os.cpu_count() or 1
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pages = sum(pool.map(full, paths))
    parallel = pages / (time.perf_counter() - start)
    print(f"{f'parse_pdf, {workers} processes':34} {pages:5} pages {'':9} {parallel:8.1f} pages/s")
    llm_rate = timed(f"pymupdf4llm.to_markdown (first {MARKDOWN_PAGES} pages, every 4th PDF)", markdown, paths[::4])
    print(f"\nparse_pdf is {floor / parse_rate:.2f}x the time of the bare pass (target <= 2x)")
    print(f"parse_pdf is {text_floor / parse_rate:.2f}x the time of the text-only bare pass")
    print(f"parse_pdf is {parse_rate / llm_rate:.1f}x faster than pymupdf4llm.to_markdown")
    print(f"rendering costs {floor / render_rate:.2f}x the bare pass")
    largest = max(paths, key=lambda p: p.stat().st_size)
    print(f"peak memory parsing the largest PDF ({largest.name}) in a fresh process: {peak_memory_mb(largest):.0f} MB")


if __name__ == "__main__":
    main()
