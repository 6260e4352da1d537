"""The LLM engine over the real recorded week 2025-01-20..24 (hf), one paper with its real PDF text."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from llm_server import FakeLLM

from paperdigest.analyse.staged import analyse_llm
from paperdigest.models import PaperEntry, ParsedPaper
from paperdigest.select import merge, select
from paperdigest.settings import Settings
from paperdigest.sources.hf import read_daily
from paperdigest.store import Store

START = dt.date(2025, 1, 20)
WITH_PDF = "2501.10120"


def week_entries(corpus: Path, settings: Settings) -> list[PaperEntry]:
    days = [START + dt.timedelta(days=i) for i in range(5)]
    papers = merge(p for d in days for p in read_daily((corpus / f"hf_daily_papers/daily_papers_{d}.json").read_bytes(), d)[0])
    selections = {s.arxiv_id: s for s in select(papers, settings)}
    if WITH_PDF in selections:  # make sure the paper whose PDF is recorded is read in depth
        selections[WITH_PDF] = selections[WITH_PDF].model_copy(update={"selected": True})
    return [PaperEntry(paper=p, selection=selections[p.arxiv_id]) for p in papers]


def pdf_text(path: Path) -> ParsedPaper:
    import pymupdf  # test fixture only: the library reads PDFs in paperdigest/pdf/

    with pymupdf.open(path) as doc:
        return ParsedPaper(source="pdf", page_texts=[page.get_text() for page in doc], page_count=doc.page_count)


@pytest.mark.corpus
def test_the_recorded_week_through_the_llm_engine(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PD_TEST_KEY", "test")
    pdf = next((corpus / "pdfs").glob(f"{WITH_PDF}*.pdf"))
    with FakeLLM() as server:
        settings = Settings(model="openai/test-model", api_base=server.url, api_key_env="PD_TEST_KEY", max_papers=5)
        entries = week_entries(corpus, settings)
        entries = [e.model_copy(update={"parsed": pdf_text(pdf)}) if e.paper.arxiv_id == WITH_PDF else e for e in entries]
        selected = [e for e in entries if e.selection.selected]
        events: list[tuple[str, str]] = []
        result, comparison, usage = asyncio.run(
            analyse_llm(entries, settings, Store(tmp_path), lambda e: events.append((e.stage, e.message)))
        )

    assert len(entries) == 31 and 5 <= len(selected) <= 6
    assert server.count("classify") == 31 and server.count("summarise") == len(selected)
    assert server.count("compare") == len(comparison.themes) and server.count("overview") == 1
    assert not any(e.errors for e in result)
    read = next(e for e in result if e.paper.arxiv_id == WITH_PDF).analysis
    assert read.grounding.checked > 0 and read.grounding.unverified == 0, read.grounding.unverified_items
    assert any(e.page for c in read.summary.experiments for e in c.evidence)
    # The whole PDF (by page) fitted the default context or was cut with the results pages kept.
    asked = next(r for r in server.requests if r.stage == "summarise" and WITH_PDF in r.user)
    assert "## Page 1 (page 1)" in asked.user
    assert usage["classify"].prompt_tokens > 0
