"""End to end on the shared recordings: the README's offline demo, then the same run again from the cache."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory):
    base = tmp_path_factory.mktemp("week")
    (base / "config.toml").write_text("")
    env = {
        k: v for k, v in os.environ.items() if not (k.startswith("PAPERDIGEST_") or k.endswith("_API_KEY"))
    } | {"PYTHONPATH": str(ROOT), "PAPERDIGEST_CACHE_DIR": str(base / "cache"), "PAPERDIGEST_HISTORY_DIR": str(base / "history"), "PAPERDIGEST_CONFIG": str(base / "config.toml")}
    command = [sys.executable, "-m", "paperdigest", "week", "2025-01-20", "--source", "hf", "--replay", str(corpus / "replay.tsv")]
    first = subprocess.run([*command, "--out", str(base / "out")], capture_output=True, text=True, env=env, timeout=600)
    kept = sorted((base / "cache" / "role-model").glob("*.npz"))
    after_first = [(p.name, p.stat().st_ino, p.stat().st_mtime_ns) for p in kept]
    second = subprocess.run([*command, "--format", "json", "--out", "-"], capture_output=True, text=True, env=env, timeout=600)
    after_second = [(p.name, p.stat().st_ino, p.stat().st_mtime_ns) for p in kept]
    return base / "out", first, second, (after_first, after_second)  # the kept role model's files after each run


def test_exit_code_says_partial_and_stderr_says_why(runs):
    _, first, _, _ = runs
    assert first.returncode == 3, first.stderr
    assert "2025-01-25" in first.stderr and "not in the replay recording" in first.stderr
    assert first.stdout == ""


def test_report_covers_all_31_papers_with_resolving_citations(runs):
    out, _, _, _ = runs
    report = (out / "report.md").read_text()
    references = report.split("## References", 1)[1]
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", references, re.M)]
    assert numbers == list(range(1, 32))
    cited = {int(n) for n in re.findall(r"\[(\d+)(?:, p\. \d+)?\]", report.split("## References")[0])}
    assert cited and cited <= set(numbers)
    assert len(set(re.findall(r"arXiv:(25\d\d\.\d{5})", references))) == 31


def test_pasa_is_read_from_its_pdf_with_figures_beside_the_report(runs):
    out, _, _, _ = runs
    report = (out / "report.md").read_text()
    section = re.search(r"^### [\d.]+ PaSa: .*?(?=^### )", report, re.M | re.S).group(0)
    assert "arXiv:2501.10120v1 [cs.IR]" in section
    assert "**Read from**: full text (PDF)" in section
    images = re.findall(r"!\[(Figure \d+)\]\((figures/[^)]+\.png)\)", section)
    assert images and images[0][0] == "Figure 1"
    assert "Architecture of PaSa" in section
    for _, link in re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", report):
        image = out / link
        assert image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", link


def test_report_states_what_was_unavailable_and_the_engine(runs):
    out, _, _, _ = runs
    report = (out / "report.md").read_text()
    assert "| 2025-01-25 | hf | 0 | missing" in report
    assert "PDF not available" in report
    assert "No LLM was used" in report


def test_json_on_stdout_and_nothing_recomputed(runs):
    _, _, second, _ = runs
    assert second.returncode == 3, second.stderr
    document = json.loads(second.stdout)
    assert document["schema_version"] == "1.0"
    assert document["params"]["command"] == "week" and document["params"]["engine"] == "extractive"
    assert len(document["papers"]) == 31
    stats = document["stages"]
    assert stats["parse_pdf"]["cached"] == 1 and stats["extractive"]["cached"] == 5
    assert all(s["computed"] == 0 for s in stats.values()), stats
    pasa = next(p for p in document["papers"] if p["paper"]["arxiv_id"] == "2501.10120")
    assert pasa["fulltext_source"] == "pdf" and pasa["errors"] == []
    assert pasa["analysis"]["summary"]["contribution"]["text"].startswith("We introduce PaSa")
    assert {"page", "caption", "image"} <= set(pasa["figures"][0])
    missing = next(p for p in document["papers"] if p["selection"]["selected"] and p["fulltext_source"] == "abstract")
    assert "PDF not available" in missing["errors"][0]


def test_the_role_model_fitted_by_the_first_run_is_read_back_by_the_second(runs):
    from paperdigest.sentence_model import fit_digest

    _, first, second, (after_first, after_second) = runs
    assert [name for name, _, _ in after_first] == [f"{fit_digest()}.npz"]
    assert after_second == after_first  # not fitted and written again
    assert "fitting the sentence-role model, once" in first.stderr  # twenty seconds: the first run says why
    assert "sentence-role model" not in second.stderr
