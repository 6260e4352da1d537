"""Key equations of a PDF shown as images under Key principles: placed, captioned, copied, escaped."""

from __future__ import annotations

import json
import re

from conftest import build_report
from render_checks import write_png

from paperdigest.models import EquationImage
from paperdigest.render import render_document, write_report
from paperdigest.settings import Settings


def _principles(markdown: str) -> str:
    return re.search(r"^#### 2\.1\.2 Key principles$(.*?)^#### 2\.1\.3 ", markdown, re.M | re.S).group(1)


def test_an_equation_image_sits_under_key_principles_with_its_number_and_page(tmp_path):
    markdown = render_document(build_report(tmp_path / "out"), "md", Settings())
    block = _principles(markdown)
    assert "![Equation (3), page 4](figures/2501.00001v1-equation-3-p4.png)" in block
    assert "**Equation (3), page 4** [[1]](#ref-1)" in block


def test_a_forged_equation_shows_no_foreign_image_and_no_markup(tmp_path):
    report = build_report(tmp_path / "out")
    markdown = render_document(report, "md", Settings())
    assert not re.search(r"!\[[^\]]*\]\(javascript:", markdown)
    assert "![Equation (&lt;img" not in markdown  # no image where the path is not the report's own file
    assert "**Equation (&lt;img src=x onerror=window.__pwned=8>), page 2** [[2]](#ref-2)" in markdown


def test_write_report_copies_the_cached_equation_image_beside_the_report(tmp_path):
    report = build_report(tmp_path / "out")
    cached = write_png(tmp_path / "cache" / "equations" / "ab" / "abc" / "2501.00001v1-equation-5-p6.png")
    clean = report.papers[0]
    report.papers[0] = clean.model_copy(update={"equations": [EquationImage(number="5", page=6, image=str(cached))]})
    write_report(report, tmp_path / "out", "md", Settings())
    assert (tmp_path / "out" / "figures" / cached.name).read_bytes() == cached.read_bytes()
    saved = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved["papers"][0]["equations"] == [{"number": "5", "page": 6, "image": f"figures/{cached.name}"}]
    assert f"![Equation (5), page 6](figures/{cached.name})" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
