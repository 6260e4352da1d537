"""Every template on a hand-built, LLM-shaped report: structure, math, ratings, tables, escaping, languages."""

from __future__ import annotations

import re

import pytest
from conftest import INJECTED_TITLE, build_report
from render_checks import front_matter, html_dangers, html_text, local_links, unresolved, whitespace_problems

from paperdigest.render import TEMPLATES, render_document, render_markdown, write_report
from paperdigest.settings import Settings


def _render(report, template, fmt="md", lang="en", out_dir=None):
    report = report.model_copy(deep=True)
    report.params.template, report.params.lang = template, lang
    return render_document(report, fmt, Settings(), base_dir=out_dir)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_link_citation_and_image_resolves(sample_report, template):
    report, out_dir = sample_report
    markdown = _render(report, template)
    assert unresolved(markdown, out_dir) == {"anchors": [], "citations": [], "images": []}
    assert whitespace_problems(markdown) == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_front_matter_is_yaml_with_the_run_facts(sample_report, template):
    report, _ = sample_report
    meta = front_matter(_render(report, template))
    assert meta["template"] == template and meta["engine"] == "llm" and meta["model"] == "openai/gpt-4o-mini"
    assert (meta["start"], meta["end"], meta["sources"]) == ("2025-01-20", "2025-01-26", ["hf"])
    assert (meta["papers"], meta["selected"], meta["figures"], meta["days_unavailable"]) == (3, 2, 1, 1)


def test_front_matter_survives_hostile_titles(sample_report):
    report, _ = sample_report
    hostile = 'x"\n---\nengine: forged\n: {a: [b' + "\u2028\x85\x07 #c"
    report = report.model_copy(deep=True)
    report.params.model = hostile
    meta = front_matter(_render(report, "weekly"))
    assert meta["model"] == hostile and meta["engine"] == "llm"


def test_weekly_has_every_section_in_order(sample_report):
    report, _ = sample_report
    markdown = _render(report, "weekly")
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Contents", "## 1. Overview of the period", "## 2. Decoding as dynamics",
        "## 3. \\# Security &lt;script>x&lt;/script>", "## 4. Comparison across papers", "## 5. Summary and outlook",
        "## Other papers of the period", "## References", "## Disclaimer",
    ]
    assert "#### 2.1.1 Innovation and overview" in markdown and "#### 2.1.3 Experiments and assessment" in markdown
    assert "- **Index**: arXiv:2501.00001v1 [cs.CL] · 2025-01-17 · reference [[1]](#ref-1)" in markdown
    assert "[PDF](https://arxiv.org/pdf/2501.00001v1) · [abs](https://arxiv.org/abs/2501.00001v1)" in markdown
    assert "**Experimental completeness**: ★★★★☆ (4/5) — two benchmarks, ablations, no human study" in markdown
    assert "Memory grows with $K$. [[1, p. 2]](#ref-1) ⚠️ *(unverified: not found in the paper text)*" in markdown
    assert "language model openai/gpt-4o-mini" in markdown and "1 of 9 could not be found" in markdown
    assert "3. <a id=\"ref-3\"></a>Ada Lovelace, Alan Turing, Grace Hopper et al. *A paper that is only listed*." in markdown


def test_weekly_figure_is_centred_with_its_caption_and_citation(sample_report):
    report, _ = sample_report
    markdown = _render(report, "weekly")
    centred = re.findall(r'<div align="center">\n\n(.*?)\n\n</div>', markdown, re.S)
    assert (
        "![Figure 1](figures/2501.00001v1-figure-1.png)\n\n"
        "**Figure 1.** Immediate commitment vs. maturation. [[1, p. 3]](#ref-1)"
    ) in centred


def test_math_is_kept_in_markdown_and_becomes_mathml(sample_report):
    report, out_dir = sample_report
    markdown = _render(report, "weekly")
    assert r"Each step moves $\tilde{z}_i$ towards the prediction $\hat{z}_i$." in markdown
    assert "  $$\n  \\tilde{z}_i \\leftarrow \\tilde{z}_i + \\alpha_i (\\hat{z}_i - \\tilde{z}_i)\n  $$" in markdown
    document = _render(report, "weekly", "html", out_dir=out_dir)
    assert document.count('<math display="block">') == 1
    assert document.count('<math display="inline">') >= 4  # the title's alpha, z~, z^, K ...
    assert "<mi>α</mi>" in document and "$\\tilde" not in document


def test_comparison_table_keeps_its_columns_despite_pipes(sample_report):
    report, out_dir = sample_report
    markdown = _render(report, "weekly")
    assert "| # | Paper | Task / domain | Data | Metric | Main result | Cost |" in markdown
    assert "WikiText \\| C4" in markdown
    document = _render(report, "weekly", "html", out_dir=out_dir)
    table = re.search(r"<h2[^>]*>4\. Comparison.*?</table>", document, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert [row.count("<td>") for row in rows[1:]] == [7, 7]
    assert "WikiText | C4" in table


def test_extractive_reports_say_so_and_hide_empty_columns(sample_report):
    report, _ = sample_report
    report = report.model_copy(deep=True)
    report.params.engine, report.params.model = "extractive", None
    for entry in report.selected:
        entry.analysis = entry.analysis.model_copy(update={"engine": "extractive", "model": None})
    report.comparison.table = [r.model_copy(update={"data": "", "metric": "", "cost": ""}) for r in report.comparison.table]
    markdown = _render(report, "weekly")
    assert "No LLM was used" in markdown and "openai/gpt-4o-mini" not in markdown.split("---", 2)[2]
    assert "| # | Paper | Task / domain | Main result |" in markdown
    listing = _render(report, "list")
    assert "📝 Extractive summary (no LLM: sentences quoted from the paper)" in listing


@pytest.mark.parametrize("template", TEMPLATES)
def test_injected_text_stays_text(sample_report, template):
    report, out_dir = sample_report
    markdown = _render(report, template)
    assert "<script" not in markdown and "<img" not in markdown and "<iframe" not in markdown
    assert "![track]" not in markdown  # a model cannot embed a remote image
    assert "javascript:" not in markdown.replace("\\[x\\](javascript:alert(1))", "")  # text, not a link
    document = _render(report, template, "html", out_dir=out_dir)
    assert html_dangers(document) == []
    text = html_text(document)
    if template != "daily":
        assert INJECTED_TITLE.replace("  ", " ") in text
    if template != "digest":  # the digest shows no principles
        assert "onerror=window.__pwned=3" in text


def test_lists_and_details_keep_their_layout_in_html(sample_report):
    report, out_dir = sample_report
    document = _render(report, "list", "html", out_dir=out_dir)
    assert document.count("<details>") == 2 and document.count("</details>") == 2
    assert "<summary><strong>🤖 AI summary (by openai/gpt-4o-mini)</strong>" in document
    # the abstract's "</details>" is text, so the summary after it is still inside its own <details>
    assert "&lt;/details&gt;" in document


def test_list_shows_scores_hits_and_truncated_abstracts(sample_report):
    report, _ = sample_report
    markdown = _render(report, "list")
    assert "## 📊 Statistics" in markdown and "- **Total papers found**: 3" in markdown
    assert "- **Keyword score**: 6.0 (agent (title ×3.0))" in markdown
    assert "- **arXiv ID**: 2501.00001v1" in markdown
    assert "<summary><strong>🤖 AI summary (by openai/gpt-4o-mini)</strong> — click to expand</summary>" in markdown


def test_daily_has_the_five_sections_per_paper(sample_report):
    report, _ = sample_report
    markdown = _render(report, "daily")
    for section in ("### 1. Domain", "### 2. Core contribution", "### 3. Usage guide", "### 4. Innovations", "### 5. Results"):
        assert markdown.count(section) == 2
    assert "  - hf 2025-01-20: [https://huggingface.co/papers/date/2025-01-20]" in markdown
    assert "- **Read from**: full text (PDF)" in markdown and "- **Read from**: abstract only" in markdown


def test_digest_groups_by_category_with_three_sections(sample_report):
    report, _ = sample_report
    markdown = _render(report, "digest")
    assert "## cs.CL" in markdown and markdown.count("**Background**:") == 3
    assert "**Background**: Large language models are costly to run." in markdown
    assert "**Innovation**: Continuous token dynamics replace immediate commitment." in markdown
    assert "**Conclusion**: It improves accuracy by 3.2% on GSM8K." in markdown  # from the abstract: not analysed


@pytest.mark.parametrize("template", TEMPLATES)
def test_chinese_reports_have_chinese_headings(tmp_path, template):
    markdown = _render(build_report(tmp_path, lang="zh"), template, lang="zh")
    title = {"weekly": "# 2025-01-20 至 2025-01-26 前沿论文深度报告", "daily": "# 2025-01-20 至 2025-01-26 每日论文报告",
             "digest": "# 2025-01-20 至 2025-01-26 分类论文速览", "list": "# 2025-01-20 至 2025-01-26 论文列表"}
    assert title[template] in markdown.splitlines()
    assert "## 免责声明" in markdown
    assert "Disclaimer" not in markdown and "Contents" not in markdown


def test_chinese_weekly_sections(tmp_path):
    markdown = _render(build_report(tmp_path, lang="zh"), "weekly", lang="zh")
    for heading in ("## 1. 本期研究概览", "#### 2.1.1 创新点与核心概貌", "#### 2.1.2 关键原理与数学表述", "## 参考文献", "## 5. 总结与展望"):
        assert heading in markdown
    assert "**实验完整度**: ★★★★☆ (4/5)" in markdown


def test_user_templates_override_by_name_and_by_path(sample_report, tmp_path):
    report, _ = sample_report
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "weekly.md.j2").write_text("# Mine: {{ report.papers | length }} papers, first {{ selected[0].paper.title | md }}\n")
    (folder / "report.css").write_text("body { color: rebeccapurple; }\n")
    settings = Settings(templates_dir=folder)
    assert render_markdown(report, settings) == r"# Mine: 3 papers, first Token Maturation with $\alpha$-schedules" + "\n"
    assert "rebeccapurple" in render_document(report, "html", settings)
    report = report.model_copy(deep=True)
    report.params.template = str(folder / "weekly.md.j2")
    assert render_markdown(report, Settings()).startswith("# Mine: 3 papers")
    assert "rebeccapurple" in render_document(report, "html", Settings())  # the stylesheet beside the template


def test_unknown_template_names_the_built_ins(sample_report):
    from paperdigest.errors import TemplateError

    report, _ = sample_report
    report = report.model_copy(deep=True)
    report.params.template = "weekley"
    with pytest.raises(TemplateError, match="weekley.*built in: weekly, daily, digest, list"):
        render_markdown(report, Settings())


def test_write_report_html_is_self_contained(sample_report):
    report, out_dir = sample_report
    path = write_report(report, out_dir, "html", Settings())
    document = path.read_text(encoding="utf-8")
    assert path.name == "report.html"
    assert document.count('<img src="data:image/png;base64,') == 2  # a figure and an equation
    assert html_dangers(document) == [] and 'src="http' not in document
    assert "url(" not in document and "@import" not in document  # the stylesheet fetches no fonts or images
    assert "Content-Security-Policy" in document and "default-src 'none'" in document


@pytest.mark.parametrize("template", TEMPLATES)
def test_thin_and_empty_reports_still_render(sample_report, template):
    from paperdigest.models import Report, RunParams, Summary

    report, out_dir = sample_report
    report = report.model_copy(deep=True)
    report.papers[0].analysis = None  # an analysis that failed
    report.papers[1].analysis.summary = Summary()
    report.comparison = report.comparison.model_copy(update={"themes": [], "table": [], "outlook": ""})
    markdown = _render(report, template)
    assert unresolved(markdown, out_dir) == {"anchors": [], "citations": [], "images": []}
    assert whitespace_problems(markdown) == []
    empty = _render(Report(params=RunParams(command="day", template=template)), template)
    assert front_matter(empty)["papers"] == 0 and whitespace_problems(empty) == []
    assert "No papers were found for this period." in empty or "No paper was selected" in empty


def test_a_title_with_link_syntax_keeps_its_contents_link(sample_report):
    """Issue 14.12: a title holding `](...) [` closed the contents link early and sent it elsewhere."""
    report, out_dir = sample_report
    report.papers[0].paper.title = "Decoding](https://evil.example) [as dynamics"
    markdown = _render(report, "weekly")
    assert unresolved(markdown, out_dir) == {"anchors": [], "citations": [], "images": []}
    assert "evil.example" not in "".join(local_links(markdown))


def test_a_huge_title_is_bounded():
    """Issue 14.12: a 2 MB title made an 8 MB report."""
    from paperdigest.models import MAX_TITLE, Paper

    paper = Paper(arxiv_id="2501.00001", title="word " * 400_000, authors=["x" * 10_000])
    assert len(paper.title) == MAX_TITLE and paper.title.endswith("…") and len(paper.authors[0]) < 400


def test_source_urls_are_the_requests_that_were_made(sample_report):
    """Issue 14.10: the report named a cat:cs.AI query that was never made."""
    from urllib.parse import parse_qs, urlsplit

    from paperdigest.render.context import source_urls

    report, _ = sample_report
    report.params.sources = ["arxiv", "rss"]
    (_, arxiv), (_, rss) = source_urls(report, Settings(keywords=("decoding",)))
    query = parse_qs(urlsplit(arxiv).query)["search_query"][0]
    assert query.startswith('(all:"decoding") AND submittedDate:[') and "cat:" not in query
    assert rss.startswith("https://rss.arxiv.org/rss/astro-ph+") and "+cs+" in rss and "cs.AI" not in rss


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_local_paper_that_is_not_on_arxiv_gets_no_arxiv_link(sample_report, template):
    """The list template linked a local file's title to arxiv.org/abs/<file name>, a page that does not exist."""
    report, _ = sample_report
    report = report.model_copy(deep=True)
    local = report.papers[0].paper.model_copy(update={"arxiv_id": "my-notes", "version": None, "sources": ["local"],
                                                      "extra": {"file": "/home/me/my-notes.pdf"}})
    report.papers[0] = report.papers[0].model_copy(update={"paper": local})
    markdown = _render(report, template)
    assert "arxiv.org/abs/my-notes" not in markdown and "arXiv:my-notes" not in markdown
    if template != "digest":  # the digest template names no paper ids at all
        assert "my-notes.pdf" in markdown
