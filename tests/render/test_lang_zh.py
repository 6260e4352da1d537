"""--lang zh: the fixed words of the report and of stderr are Chinese; without a lang the locale decides."""

from __future__ import annotations

import io
import json

from conftest import build_report
from rich.console import Console

from paperdigest.captions import REASONS
from paperdigest.console import Reporter
from paperdigest.events import Event, paper_count
from paperdigest.models import FigureChoice
from paperdigest.render import render_document
from paperdigest.render.labels import LABELS, translate
from paperdigest.settings import Settings, load_settings, locale_lang


def test_every_label_has_a_chinese_twin() -> None:
    assert LABELS["en"].keys() == LABELS["zh"].keys()


def test_library_notes_are_translated_and_urls_and_ids_kept() -> None:
    note = "HTML not available (arxiv.org/html/2501.09891: not in the replay recording): analysed from the abstract only"
    assert translate(note, "zh") == "HTML 全文不可用 (arxiv.org/html/2501.09891: 不在回放记录中): 仅根据摘要分析"
    assert translate("see https://huggingface.co/papers/date", "zh") == "see https://huggingface.co/papers/date"
    assert translate(note, "en") == note


def test_a_file_name_or_an_id_that_reads_as_a_fixed_phrase_is_kept() -> None:
    note = "missing: PDF failed: missing.pdf: not a PDF file"
    assert translate(note, "zh", paper="missing") == "missing: PDF 解析失败: missing.pdf: 不是 PDF 文件"
    assert translate("PDF failed: read from pdf.pdf: truncated PDF (file ends before its end marker)", "zh") == (
        "PDF 解析失败: read from pdf.pdf: PDF 文件不完整（缺少结束标记）"
    )
    assert translate("hf 2025-01-25: missing: not in the replay recording", "zh") == "hf 2025-01-25: 缺失: 不在回放记录中"


def test_each_source_note_on_skipped_entries_is_chinese() -> None:
    from paperdigest.sources import skipped_note

    assert translate(f"rss 2024-11-28: error: {skipped_note(2)}", "zh") == "rss 2024-11-28: 错误: 2 个条目没有可读的 arXiv 编号，已跳过"
    # Every day status is Chinese on stderr, as in the report's table (ok, empty, missing, error).
    assert translate(f"oai 2013-02-05: ok: {skipped_note(1)}", "zh") == "oai 2013-02-05: 正常: 1 个条目没有可读的 arXiv 编号，已跳过"
    assert translate(skipped_note(1), "zh") == "1 个条目没有可读的 arXiv 编号，已跳过"
    assert translate(skipped_note(3, "an arXiv id or a title"), "zh") == "3 个条目没有 arXiv 编号或标题，已跳过"


def test_stderr_lines_are_chinese_and_markup_in_paper_text_stays_text() -> None:
    reporter = Reporter(lang="zh")
    reporter.console = Console(file=(buffer := io.StringIO()), highlight=False, soft_wrap=True)
    reporter.on_event(Event("paper", "2501.1: PDF not available [bold]x[/bold]", level="warning"))
    reporter.on_event(Event("select", "31 papers"))
    reporter.on_event(Event("paper", "extractive: HTML failed: no text", level="warning", paper="extractive"))
    reporter.on_event(Event("sources", "hf 2025-01-26: empty: HF listed no papers that day"))
    assert buffer.getvalue().splitlines() == [
        "警告: 论文: 2501.1: PDF 不可用 [bold]x[/bold]", "筛选: 31 篇论文", "警告: 论文: extractive: HTML 解析失败: no text",
        "来源: hf 2025-01-26: 无论文: HF 当天没有列出论文",
    ]  # fmt: skip


def test_without_a_lang_the_locale_decides_and_config_shows_it(tmp_path) -> None:
    assert locale_lang({"LANG": "zh_CN.UTF-8"}) == "zh" and locale_lang({"LC_ALL": "C.UTF-8", "LANG": "zh_TW"}) == "en"
    config = tmp_path / "c.toml"
    config.write_text("")
    assert load_settings(config, environ={"LC_ALL": "zh_CN.UTF-8"}).lang == "zh"
    assert load_settings(config, environ={"LC_ALL": "zh_CN.UTF-8", "PAPERDIGEST_LANG": "en"}).lang == "en"
    config.write_text('lang = "en"\n')
    assert load_settings(config, environ={"LANG": "zh_CN.UTF-8"}).lang == "en"


def test_the_extractive_engines_figure_reasons_are_chinese_in_a_chinese_report(tmp_path) -> None:
    render_document(build_report(tmp_path / "en"), "md", Settings())  # the macros, compiled once, must not keep "en"
    report = build_report(tmp_path / "out", lang="zh")
    report.papers[0].analysis.summary.key_figures = [FigureChoice(name="Figure 1", why=REASONS["innovation"])]
    assert "*选图理由: 图注描述的是方法*" in render_document(report, "md", Settings(lang="zh"))


def test_one_paper_is_counted_as_one_paper_in_both_languages() -> None:
    for lang, expected in (("en", ["select: 1 paper", "select: 2 papers"]), ("zh", ["筛选: 1 篇论文", "筛选: 2 篇论文"])):
        reporter = Reporter(lang=lang)
        reporter.console = Console(file=(buffer := io.StringIO()), highlight=False, soft_wrap=True)
        for count in (1, 2):
            reporter.on_event(Event("select", paper_count(count)))
        assert buffer.getvalue().splitlines() == expected


def test_the_commands_own_error_lines_are_chinese_and_end_with_the_command(tmp_path, monkeypatch) -> None:
    """'paperdigest: error: ...' in zh, in its own words ("keywords:" in an error's words is not a ranking reason);
    with --log-json, English for programs; and the next command starts in the language of its own arguments."""
    from typer.testing import CliRunner

    from paperdigest.cli import app

    monkeypatch.setenv("PAPERDIGEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PAPERDIGEST_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    (tmp_path / "config.toml").write_text("")
    missing = tmp_path / "missing.tsv"
    runner = CliRunner()
    week = ["week", "2025-01-20", "--replay", str(missing), "--out", str(tmp_path / "out")]
    chinese = runner.invoke(app, [*week, "--lang", "zh"])
    assert chinese.stderr.strip() == f"paperdigest: 错误: 无法读取回放清单 {missing}: [Errno 2] 没有该文件或目录: '{missing}'"
    assert json.loads(runner.invoke(app, [*week, "--lang", "zh", "--log-json"]).stderr)["message"].startswith("cannot read replay manifest")
    arxiv = runner.invoke(app, ["week", "2025-01-20", "--source", "arxiv", "--lang", "zh", "--out", str(tmp_path / "out")])
    assert arxiv.stderr == "paperdigest: 错误: --source arxiv 需要分类或关键词: 配置项 categories/keywords 或 PAPERDIGEST_CATEGORIES\n"
    again = runner.invoke(app, ["send", str(tmp_path), "--via", "slack"])  # no settings read yet: English
    assert again.stderr.startswith("paperdigest: error: ")
