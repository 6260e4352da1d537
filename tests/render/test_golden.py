"""The four built-in templates rendered from one fixed Report, compared with the files in tests/render/golden/.

A deliberate change to a template or to what the templates see: rewrite the files with
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdigest.models import RunParams
from paperdigest.render import TEMPLATES, render_markdown
from paperdigest.render.sample import sample_report
from paperdigest.settings import Settings

GOLDEN = Path(__file__).parent / "golden"
CASES = [(template, "en") for template in TEMPLATES] + [("weekly", "zh")]


@pytest.mark.parametrize(("template", "lang"), CASES)
def test_template_matches_its_golden_file(template: str, lang: str) -> None:
    params = RunParams(command="week", start="2025-01-20", end="2025-01-26", sources=["hf"], template=template, lang=lang, max_papers=5)
    markdown = render_markdown(sample_report(params), Settings(categories=("cs.CL",), keywords=("sample",)))
    golden = GOLDEN / f"{template}.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8"), f"{golden.name} differs (see this file's docstring to update it)"
