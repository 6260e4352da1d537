"""The no-key report on real papers: the replay week and a digest of three full-text PDFs (issue 19's acceptance)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from cli_env import cli_env
from paperdigest.splitting import clean
from paperdigest.analyse.themes import GENERIC

HEDGED = re.compile(r"^(However|Despite|Although|While)\b")
ARTIFACT = re.compile(r"code|data|model|weights|checkpoint|benchmark|project|github|hugging ?face|website|page", re.I)
PDFS = ("2501.10120v1", "1706.03762v5", "2205.14135v2")  # PaSa, the Transformer, FlashAttention (has Limitations)


def _run(args: list[str], base) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "paperdigest", *args]
    return subprocess.run(command, capture_output=True, text=True, env=cli_env(base), timeout=600)


@pytest.fixture(scope="module")
def documents(corpus, tmp_path_factory):
    base = tmp_path_factory.mktemp("roles")
    week = ["week", "2025-01-20", "--source", "hf", "--replay", str(corpus / "replay.tsv")]
    digest = ["digest", *(str(corpus / "pdfs" / f"{name}.pdf") for name in PDFS)]
    found = {}
    for name, args in (("week", week), ("digest", digest)):
        markdown = _run([*args, "--out", str(base / name)], base)
        assert markdown.returncode in (0, 3), markdown.stderr
        as_json = _run([*args, "--format", "json", "--out", "-"], base)
        found[name] = (json.loads(as_json.stdout), (base / name / "report.md").read_text(encoding="utf-8"))
    found["out"] = base
    return found


def _claims(summary: dict) -> dict[str, list[str]]:
    fields = ("innovations", "principles", "experiments", "strengths", "limitations", "usage")
    claims = {field: [c["text"] for c in summary[field]] for field in fields}
    claims["contribution"] = [summary["contribution"]["text"]] if summary["contribution"] else []
    return claims


@pytest.mark.parametrize("name", ["week", "digest"])
def test_each_sentence_once_no_concession_as_contribution_usage_names_an_artifact(documents, name):
    document, _ = documents[name]
    analysed = [e for e in document["papers"] if e["analysis"]]
    assert len(analysed) == (5 if name == "week" else 3)
    for entry in analysed:
        claims = _claims(entry["analysis"]["summary"])
        texts = [t for field in claims.values() for t in field]
        assert len(texts) == len(set(texts)), entry["paper"]["arxiv_id"]
        assert not [t for t in claims["contribution"] + claims["innovations"] if HEDGED.match(t)]
        assert all(ARTIFACT.search(t) for t in claims["usage"]), claims["usage"]
        assert claims["contribution"], entry["paper"]["title"]


def test_every_claim_is_a_verbatim_quote_of_the_paper(documents):
    document, _ = documents["digest"]
    for entry in document["papers"]:
        summary = entry["analysis"]["summary"]
        for field, texts in _claims(summary).items():
            for claim in (c for c in summary[field] if field != "contribution") if field != "contribution" else [summary["contribution"]]:
                if claim["text"].startswith(("$$", "Code: ", "Project page: ")):
                    continue
                assert claim["evidence"] and claim["evidence"][0]["quote"] == claim["text"]
                assert claim["evidence"][0]["page"], claim["text"]  # found on a page of the PDF


def test_a_paper_with_a_limitations_section_gets_its_limitations(documents):
    document, _ = documents["digest"]
    flash = next(e for e in document["papers"] if e["paper"]["arxiv_id"] == "2205.14135")
    limits = [c["text"] for c in flash["analysis"]["summary"]["limitations"]]
    assert limits and all("We discuss" not in t and "Appendix" not in t for t in limits)
    assert any("CUDA kernel" in t or "transferrable" in t for t in limits)


def test_themes_are_named_by_phrases_and_hold_every_listed_paper(documents):
    for name in ("week", "digest"):
        document, _ = documents[name]
        themes = document["comparison"]["themes"]
        ids = sorted(pid for theme in themes for pid in theme["arxiv_ids"])
        assert ids == sorted(e["paper"]["arxiv_id"] for e in document["papers"])
        for theme in themes:
            words = theme["name"].replace("-", " ").split()
            assert 2 <= len(words) <= 4 and theme["name"].lower() not in GENERIC, theme["name"]


def test_every_listed_paper_has_a_line_and_the_table_a_task(documents):
    document, markdown = documents["week"]
    others = markdown.split("## Other papers of the period", 1)[1].split("## References", 1)[0]
    items = [line for line in others.splitlines() if line.startswith("- [[")]
    assert len(items) == 26
    for item in items:
        line = item.split("<br>")[1]
        assert not line.startswith("*why here"), item  # a sentence of the paper (or HF's, labelled) comes first
    assert all(row["task"] and row["result"] for row in document["comparison"]["table"])


def test_figures_sit_where_their_captions_put_them(documents):
    _, markdown = documents["week"]
    pasa = re.search(r"^### [\d.]+ PaSa: .*?(?=^### |^## )", markdown, re.M | re.S).group(0)
    experiments = pasa.split("Experiments and assessment", 1)[1]
    assert "**Figure 3.** Return and value function loss curves" in experiments
    assert "**Figure 1.** Architecture of PaSa" in pasa.split("Experiments and assessment", 1)[0]


def test_broken_urls_and_footnotes_are_cleaned_in_quotes(documents):
    document, _ = documents["digest"]
    transformer = next(e for e in document["papers"] if e["paper"]["arxiv_id"] == "1706.03762")
    usage = [c["text"] for c in transformer["analysis"]["summary"]["usage"]]
    assert usage == ["The code we used to train and evaluate our models is available at https://github.com/tensorflow/tensor2tensor."]
    assert clean("1https://iclr.cc/Conferences/2023") == "https://iclr.cc/Conferences/2023"


def test_method_equations_of_the_pdfs_show_as_images_with_number_and_page(documents):
    document, markdown = documents["digest"]
    shown = {e["paper"]["arxiv_id"]: [(q["number"], q["page"]) for q in e["equations"]] for e in document["papers"]}
    # PaSa's crawler reward and its indicator (section 4), the Transformer's attention and FFN (section 3);
    # FlashAttention numbers its equations only in the appendix: none
    assert shown == {"2501.10120": [("1", 5), ("2", 6)], "1706.03762": [("1", 4), ("2", 5)], "2205.14135": []}
    for stem, number, page in (("2501.10120v1", 1, 5), ("2501.10120v1", 2, 6), ("1706.03762v5", 1, 4), ("1706.03762v5", 2, 5)):
        link = f"figures/{stem}-equation-{number}-p{page}.png"
        assert f"![Equation ({number}), page {page}]({link})" in markdown
        assert (documents["out"] / "digest" / link).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "softmax(QKT" not in markdown and "Lpolicy(θ) =" not in markdown  # the text layer of a formula: garble
