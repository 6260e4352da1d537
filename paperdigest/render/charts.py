"""Trend charts with matplotlib: the only module importing it, and only when a chart is drawn."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

# Names come from papers and models: matplotlib would read "$...$" in them as math.
_MATH = re.compile(r"([$\\])")


def series_chart(title: str, periods: list[str], series: dict[str, list[int]], fmt: str, cache: Path) -> bytes:
    """A line chart of counts per period, one line per name; fmt 'svg' (text stays text) or 'png'.

    matplotlib keeps a font cache in MPLCONFIGDIR (~/.cache/matplotlib by default): here, under paperdigest's
    cache folder, so a run writes only where the README says.
    """
    os.environ.setdefault("MPLCONFIGDIR", str(cache / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": title, "font.size": 9}):
        figure, axes = plt.subplots(figsize=(8, 3.6), layout="constrained")
        try:
            positions = range(len(periods))
            for name, counts in series.items():
                axes.plot(positions, counts, marker="o", label=_MATH.sub(r"\\\1", name))
            axes.set_xticks(list(positions), [_MATH.sub(r"\\\1", p) for p in periods])
            axes.set_ylabel("papers")
            axes.set_title(_MATH.sub(r"\\\1", title))
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.set_ylim(bottom=0)
            if series:
                axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
            buffer = io.BytesIO()
            metadata = {"Date": None} if fmt == "svg" else {}
            figure.savefig(buffer, format=fmt, dpi=110, metadata=metadata)
        finally:
            plt.close(figure)
    return buffer.getvalue()


def inline_svg(svg: bytes) -> str:
    """matplotlib's SVG file as an element to put inside HTML: from <svg to the end, no XML prolog."""
    text = svg.decode("utf-8")
    return text[text.index("<svg"):]
