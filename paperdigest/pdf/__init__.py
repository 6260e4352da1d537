"""PDF understanding: the only package that imports pymupdf (lazily, inside functions).

parse_pdf is a pure top-level function of the file so the pipeline can run it in a process pool.
"""

from paperdigest.pdf.document import Crop, parse_pdf, render_crops, render_figures

__all__ = ["Crop", "parse_pdf", "render_crops", "render_figures"]
