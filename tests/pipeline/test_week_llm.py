"""The replay week through the real CLI with the LLM engine, against the local OpenAI-compatible test server."""

import json
import re
import subprocess
import sys

import pytest
from cli_env import cli_env
from llm_server import FakeLLM


@pytest.fixture(scope="module")
def llm_runs(corpus, tmp_path_factory):
    base = tmp_path_factory.mktemp("llmweek")
    env = cli_env(base)
    prompts = base / "prompts"
    with FakeLLM() as llm:
        command = [
            sys.executable, "-m", "paperdigest", "week", "2025-01-20", "--source", "hf", "--replay", str(corpus / "replay.tsv"),
            "--engine", "llm", "--model", "openai/test-model", "--api-base", llm.url,
        ]

        def run(*extra, **more_env):
            before = len(llm.requests)
            result = subprocess.run([*command, *extra], capture_output=True, text=True, env=env | more_env, timeout=600)
            return result, [r.stage for r in llm.requests[before:]]

        first = run("--out", str(base / "out"))
        second = run("--format", "json", "--out", "-", PYTHONPROFILEIMPORTTIME="1")  # lists every import on stderr
        subprocess.run([sys.executable, "-m", "paperdigest", "prompts", "init", str(prompts)], env=env, check=True, capture_output=True)
        summarise = prompts / "summarise.j2"
        summarise.write_text(summarise.read_text().replace("{% block user %}", "{% block user %}Be concise.\n", 1))
        third = run("--prompts", str(prompts), "--format", "json", "--out", "-")
    return base / "out", first, second, third


def test_one_call_per_paper_and_stage(llm_runs):
    _, (result, stages), _, _ = llm_runs
    assert result.returncode == 3, result.stderr  # the weekend and four PDFs are not recorded
    assert stages.count("classify") == 31
    assert stages.count("summarise") == 5
    assert stages.count("overview") == 1
    assert stages.count("compare") >= 1
    assert set(stages) == {"classify", "summarise", "compare", "overview"}
    assert re.search(r"llm: \d+ calls, \$0\.0000 in all: classify 31 \(", result.stderr), result.stderr


def test_report_has_every_llm_section(llm_runs):
    out, _, _, _ = llm_runs
    report = (out / "report.md").read_text()
    assert "engine: \"llm\"" in report or "engine: llm" in report
    assert "openai/test-model" in report
    assert "No LLM was used" not in report
    pasa = re.search(r"^### [\d.]+ PaSa: .*?(?=^### |^## )", report, re.M | re.S).group(0)
    for heading in ("Core contribution", "Innovations", "Key principles", "Experiments", "Strengths", "Limitations"):
        assert heading in pasa, heading
    assert re.search(r"★+☆*", pasa)
    assert "](figures/2501.10120v1-figure-1.png)" in pasa


def test_rerun_makes_no_request(llm_runs):
    _, _, (result, stages), _ = llm_runs
    assert stages == []
    document = json.loads(result.stdout)
    llm_stages = {k: v for k, v in document["stages"].items() if k.startswith("llm-")}
    assert llm_stages and all(v["computed"] == 0 and v["failed"] == 0 for v in llm_stages.values())
    imported = re.findall(r"^import time:.*\| (\S+)$", result.stderr, re.M)
    assert "paperdigest.pipeline" in imported and "litellm" not in imported  # its seconds of import are not paid


def test_editing_one_prompt_reruns_only_that_stage(llm_runs):
    _, _, _, (result, stages) = llm_runs
    assert result.returncode == 3, result.stderr
    assert stages and set(stages) <= {"summarise", "compare", "overview"}
    assert stages.count("summarise") == 5 and "classify" not in stages
