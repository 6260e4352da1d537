"""The files in examples/ keep working: the config loads, the template renders, the JSON consumer runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from render_checks import unresolved

from paperdigest.render import render_document
from paperdigest.settings import load_settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_example_config_loads():
    settings = load_settings(config=EXAMPLES / "config.toml", environ={})
    assert settings.sources == ("arxiv", "hf") and settings.format == "html" and settings.max_papers == 6


def test_user_template_renders_by_name(sample_report):
    report, out_dir = sample_report
    report = report.model_copy(deep=True)
    report.params.template = "brief"
    settings = load_settings(config=EXAMPLES / "config.toml", environ={}).model_copy(
        update={"templates_dir": EXAMPLES / "templates"}
    )
    markdown = render_document(report, "md", settings)
    assert markdown.startswith("# Research papers: 2025-01-20 to 2025-01-26\n")
    assert "- **Token Maturation with $\\alpha$-schedules** (arXiv:2501.00001v1 [cs.CL] · 2025-01-17) [[1]](#ref-1):" in markdown
    assert unresolved(markdown, out_dir) == {"anchors": [], "citations": [], "images": []}
    assert "<script" not in markdown


def test_top_papers_reads_the_json_report(sample_report):
    report, _ = sample_report
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "top_papers.py")], input=render_document(report, "json", load_settings(environ={})),
        capture_output=True, text=True, check=True, timeout=60,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "2025-01-20 .. 2025-01-26: 3 papers (engine llm, schema 1.0)"
    assert "  [****] Continuous token dynamics replace immediate commitment." in lines
    assert "  Figure 1 (p. 3): figures/2501.00001v1-figure-1.png" in lines


def test_github_actions_example_is_a_weekly_schedule():
    workflow = yaml.safe_load((EXAMPLES / "weekly.yml").read_text())
    assert workflow[True]["schedule"] == [{"cron": "0 7 * * 1"}]  # YAML 1.1 reads the key `on` as True
    assert any("paperdigest week" in step.get("run", "") for step in workflow["jobs"]["report"]["steps"])
