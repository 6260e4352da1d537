"""The recorded RSS day (2024-11-28, 1,504 announcements) through the CLI: defaults, a library, follows, errors."""

import json
import os
import re
import subprocess
import sys

import pytest
from cli_env import keep_role_model
from llm_server import FakeLLM

from paperdigest.sources.oai import parse_oai
from paperdigest.sources.rss import parse_rss
from paperdigest.taxonomy import CATEGORIES

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def day(corpus):
    return ["day", "2024-11-28", "--source", "rss", "--replay", str(corpus / "replay.tsv")]


@pytest.fixture(scope="module")
def astro_library(corpus, tmp_path_factory):
    """20 astro-ph papers of the 2013 OAI page as a BibTeX export: titles and abstracts, no ids or categories."""
    papers, _, _ = parse_oai(next((corpus / "arxiv_oai").glob("*.xml")).read_bytes())
    astro = [p for p in papers if p.categories[0].startswith("astro-ph")][:20]
    clean = lambda s: s.replace("{", "").replace("}", "")  # noqa: E731
    path = tmp_path_factory.mktemp("lib") / "astro.bib"
    path.write_text("".join(f"@article{{a{i}, title={{{clean(p.title)}}}, abstract={{{clean(p.abstract)}}}}}\n" for i, p in enumerate(astro)))
    return path


def _run(args, tmp_path, **kwargs):
    env = {"PAPERDIGEST_CACHE_DIR": str(tmp_path / "cache")}
    keep_role_model(tmp_path / "cache" / "role-model")
    return subprocess.run([sys.executable, "-m", "paperdigest", *args], capture_output=True, text=True, timeout=600, env=os.environ | env, **kwargs)


def test_without_a_profile_only_new_papers_are_read_and_the_report_says_how(day, tmp_path):
    out = tmp_path / "out"
    result = _run([*day, "--engine", "extractive", "--out", str(out), "-q"], tmp_path)
    assert result.returncode == 3, result.stderr  # the full texts are not recorded
    report = json.loads((out / "report.json").read_text())  # written beside every md report
    text = (out / "report.md").read_text()
    assert "rss.arxiv.org/rss/astro-ph+cond-mat+physics+quant-ph+math+cs" in text
    assert "rss/cs.AI" not in text
    assert "How papers were ranked: no profile given" in text
    selected = [e for e in report["papers"] if e["selection"]["selected"]]
    assert len(selected) == 5 and all(e["paper"]["announce_type"] == "new" for e in selected)


def test_json_without_profile_selects_new_papers(day, tmp_path):
    result = _run([*day, "--engine", "extractive", "-f", "json", "--out", "-", "-q"], tmp_path)
    document = json.loads(result.stdout)
    selected = [e for e in document["papers"] if e["selection"]["selected"]]
    assert len(selected) == 5 and {e["paper"]["announce_type"] for e in selected} == {"new"}
    replaced = [e for e in document["papers"] if e["paper"]["announce_type"] == "replace"]
    assert min(e["selection"]["rank"] for e in replaced) > 926 + 9  # every new and cross-listed paper first
    assert replaced[0]["selection"]["reasons"] == ["a new version of an older paper (ranked after new papers)"]
    assert document["ranking"].startswith("no profile given")


def test_library_and_follow(day, astro_library, tmp_path):
    args = [*day, "--engine", "extractive", "-f", "json", "--out", "-", "-q", "--library", str(astro_library), "--follow", "Igor Proudnikov"]
    result = _run(args, tmp_path)
    document = json.loads(result.stdout)
    papers = document["papers"]
    first = papers[0]
    assert first["paper"]["arxiv_id"] == "1708.06999" and first["selection"]["followed"] == "Igor Proudnikov"
    assert first["selection"]["reasons"][0] == "followed: Igor Proudnikov" and first["selection"]["selected"]
    top20 = papers[1:21]
    assert sum(e["paper"]["categories"][0].startswith("astro-ph") for e in top20) >= 18
    assert all(e["selection"]["relevance"] is not None and e["selection"]["reasons"][0].startswith("close to: ") for e in top20)
    assert papers[1]["selection"]["relevance"] == 1.0 and papers[1]["selection"]["score"] == 10.0
    assert "closeness to 20 item(s)" in document["ranking"] and "Igor Proudnikov" in document["ranking"]
    # the rerun reads the ranking from the cache
    again = json.loads(_run(args, tmp_path).stdout)
    assert again["stages"]["ranking"] == {"computed": 0, "cached": 1, "failed": 0}
    assert [e["paper"]["arxiv_id"] for e in again["papers"][:30]] == [e["paper"]["arxiv_id"] for e in papers[:30]]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--library", "missing.bib"], "library file not found: missing.bib"),
        (["--library", "notalib.pdf"], "notalib.pdf: not a library file"),
        (["--not-interested", "missing.ris"], "library file not found: missing.ris"),
    ],
)
def test_bad_library_files_are_usage_errors(day, tmp_path, extra, message):
    (tmp_path / "notalib.pdf").write_bytes(b"%PDF-1.7\n")
    result = _run([*day, *extra, "--out", str(tmp_path / "out")], tmp_path, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_category_typo_is_a_usage_error_with_the_closest_name(corpus, tmp_path):
    result = _run(["fetch", "--source", "rss", "--categories", "astroph", "--replay", str(corpus / "replay.tsv")], tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "'astroph'" in result.stderr and "did you mean 'astro-ph'" in result.stderr


def test_a_filter_that_leaves_nothing_says_so(corpus, tmp_path):
    papers, _, _ = parse_rss((corpus / "arxiv_rss" / "aioarxiv_rss_mock_feed.xml").read_bytes())
    seen = {c for p in papers for c in p.categories}
    unseen = sorted(c for c in CATEGORIES if not any(s == c or s.startswith(c + ".") for s in seen))[0]
    result = _run(["fetch", "--source", "rss", "--categories", unseen, "--replay", str(corpus / "replay.tsv")], tmp_path)
    assert result.stdout == ""
    assert f"0 of 1,504 announcements matched categories [{unseen}]" in result.stderr


def test_llm_classifies_only_the_top_of_the_ranking(day, tmp_path):
    (tmp_path / "config.toml").write_text('categories = ["math"]\n')
    with FakeLLM() as llm:
        args = [*day, "--engine", "llm", "--model", "openai/test-model", "--api-base", llm.url, "--classify-top", "7",
                "-n", "2", "--config", str(tmp_path / "config.toml"), "-f", "json", "--out", "-", "-q"]  # fmt: skip
        result = _run(args, tmp_path)
        stages = [r.stage for r in llm.requests]
        overview = next(r.user for r in llm.requests if r.stage == "overview")
    assert stages.count("classify") == 7 and stages.count("summarise") == 2, result.stderr
    # the overview prompt lists what classify saw, not the whole day
    assert len(re.findall(r"\b2411\.\d{5}\b", overview)) <= 7 * 3, overview
    document = json.loads(result.stdout)
    classified = [e for e in document["papers"] if e["analysis"] and e["analysis"]["classification"]]
    assert sorted(e["selection"]["rank"] for e in classified) == list(range(1, 8))
    assert any(re.match(r"7 of 1,504 papers were classified by the LLM", n) for n in document["notes"]), document["notes"]


@pytest.mark.parametrize("recorded", [True, False])
def test_a_list_of_arxiv_ids_outside_the_day_is_looked_up(day, tmp_path, recorded):
    """An id the replay holds an arXiv API answer for lends its text; one it cannot look up is a warning."""
    library = tmp_path / "ids.txt"
    library.write_text("https://arxiv.org/abs/1605.08386v1\n" if recorded else "2411.99999\n")
    result = _run([*day, "--engine", "extractive", "-f", "json", "--out", "-", "-q", "--library", str(library)], tmp_path)
    document = json.loads(result.stdout)
    first = document["papers"][0]["selection"]
    if recorded:
        assert "closeness to 1 item(s)" in document["ranking"], result.stderr
        assert first["reasons"][0].startswith("close to: Heat-bath random walks with Markov bases"), first
    else:
        assert "1 arXiv id(s) of your library not found" in document["ranking"]
        assert "warning: select: library: export.arxiv.org/api/query: not in the replay recording" in result.stderr
        assert first["relevance"] is None
