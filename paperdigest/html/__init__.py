"""arXiv HTML full text (LaTeXML): the only code importing selectolax."""

from paperdigest.html.figures import match_figures
from paperdigest.html.parse import MAX_BYTES, looks_like_html, parse_html, parse_html_file

__all__ = ["MAX_BYTES", "looks_like_html", "match_figures", "parse_html", "parse_html_file"]
