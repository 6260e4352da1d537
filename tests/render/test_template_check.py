"""A report template is checked before the run starts: a typo costs no download and no LLM call."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_env import cli_env
from llm_server import FakeLLM

from paperdigest.models import RunParams
from paperdigest.render import TEMPLATES, check_template, render_markdown
from paperdigest.render.sample import sample_report
from paperdigest.settings import Settings

BROKEN = {
    "unknown-field.md.j2": ("# {{ title }}\n\n{{ report.no_such_field }}\n", "no_such_field"),
    "syntax.md.j2": ("# {{ title }}\n\n{% for p in selected %}\n{{ p.paper.title }}\n", "syntax.md.j2:4:"),
}


def _week(base: Path, corpus: Path, llm: FakeLLM, template: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "paperdigest", "week", "2025-01-20", "--source", "hf", "--replay", str(corpus / "replay.tsv"),
        "--engine", "llm", "--model", "openai/test-model", "--api-base", llm.url, "--template", template,
        "--out", str(base / "out"),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=cli_env(base), timeout=120)


@pytest.mark.corpus
@pytest.mark.parametrize("case", ["weeky", *BROKEN])
def test_a_bad_template_exits_2_before_any_request(case: str, corpus: Path, tmp_path: Path) -> None:
    template = case
    if case in BROKEN:
        template = str(tmp_path / case)
        Path(template).write_text(BROKEN[case][0])
    with FakeLLM() as llm:
        result = _week(tmp_path, corpus, llm, template)
        calls = len(llm.requests)
    assert result.returncode == 2, result.stderr
    named = "weeky" if case == "weeky" else BROKEN[case][1]
    assert named in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert calls == 0
    cache = tmp_path / "cache"
    # No listing was fetched, no full text downloaded or parsed.
    assert not any((cache / stage).exists() for stage in ("sources", "download", "blobs", "parse_pdf", "parse_html"))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("engine", ["extractive", "llm"])
def test_every_built_in_template_passes_the_check(template: str, engine: str) -> None:
    params = RunParams(command="week", template=template, engine=engine, model="openai/x" if engine == "llm" else None)
    check_template(params, Settings(format="html"))
    markdown = render_markdown(sample_report(params), Settings())
    assert "A sample paper read in depth" in markdown
