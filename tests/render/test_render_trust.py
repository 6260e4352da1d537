"""What a reader needs to trust an LLM analysis, in md and html: who wrote it from what, the paper's own
abstract beside it, classify's verdict, figure reasons, derived and unverified numbers, a marked stand-in."""

from __future__ import annotations

import datetime as dt
import re

from conftest import build_report

from paperdigest.models import Claim, Classification, FigureChoice
from paperdigest.render import render_document
from paperdigest.settings import Settings

HOSTILE_REASON = "Relevant: <script>window.__pwned=8</script> agents"


def trusted_report(tmp_path):
    report = build_report(tmp_path / "out")
    clean, hostile, listed = report.papers
    summary = clean.analysis.summary.model_copy(
        update={
            "experiments": [*clean.analysis.summary.experiments, Claim(text="A gain of 0.7 points.", derived=["0.7 = 12.1 − 11.4"])],
            "key_figures": [FigureChoice(name="Figure 1", why="shows commitment against maturation")],
        }
    )
    clean.analysis = clean.analysis.model_copy(
        update={
            "summary": summary,
            "classification": Classification(topic="LLM reasoning", paper_type="method", relevance=8, reason=HOSTILE_REASON),
            "date": dt.date(2025, 1, 27),
            "prompt_version": "built-in 1a2b3c4d",
            "omitted": ["7 Related Work"],
            "filled": ["limitations"],
        }
    )
    hostile.analysis = hostile.analysis.model_copy(update={"engine": "extractive", "fallback": "summarise: no answer within 3s"})
    listed.analysis = clean.analysis.model_copy(update={"summary": type(summary)(), "classification": Classification(topic="Vision", relevance=2)})
    return report


def test_markdown_shows_who_wrote_what_from_what(tmp_path) -> None:
    markdown = render_document(trusted_report(tmp_path), "md", Settings())
    assert "*Analysis by openai/gpt-4o-mini, 2025-01-27, prompt built-in 1a2b3c4d. Left out to fit the model's context: 7 Related Work. The model's answer had no limitations; shown empty.*" in markdown
    assert "- **Topic**: LLM reasoning · type method · relevance 8/10 — Relevant: &lt;script>window" in markdown
    assert "· Vision · type other · relevance 2/10" in markdown  # a listed paper's classification
    assert "*Why this figure: shows commitment against maturation*" in markdown
    assert "A gain of 0.7 points. [[1]](#ref-1) 🧮 *derived: 0.7 = 12.1 − 11.4*" in markdown
    assert "Memory grows with $K$. [[1, p. 2]](#ref-1) ⚠️ *(unverified: not found in the paper text)*" in markdown
    assert "> ⚠️ The model's summary of this paper failed (see above); the extractive analysis stands in" in markdown
    # The paper's own abstract beside the model's summary only, not beside quoted sentences.
    assert markdown.count("<summary>The paper's own abstract</summary>") == 1


def test_html_folds_the_abstract_and_keeps_model_text_as_text(tmp_path) -> None:
    document = render_document(trusted_report(tmp_path), "html", Settings())
    folded = re.search(r"<details>\s*<summary>The paper's own abstract</summary>(.*?)</details>", document, re.S)
    assert folded and "We propose a cheaper decoding method" in folded.group(1)
    assert "<script>window.__pwned=8" not in document and "&lt;script&gt;window.__pwned=8" in document
    assert "derived: 0.7 = 12.1 − 11.4" in document and "unverified: not found in the paper text" in document


def test_the_banner_counts_full_texts_abstracts_and_stand_ins(tmp_path) -> None:
    report = trusted_report(tmp_path)
    clean = report.papers[0].analysis
    report.papers[0].analysis = clean.model_copy(update={"grounding": clean.grounding.model_copy(update={"derived": 1})})
    banner = re.search(r"^> (Analyses were written by .*)$", render_document(report, "md", Settings()), re.M).group(1)
    assert "1 of the 2 papers read in depth from their full text, 1 from the abstract only; for 1 the model's summary failed" in banner
    assert "1 of 9 could not be found there" in banner and "numbers computed from the paper's own (1) are shown as derived" in banner
