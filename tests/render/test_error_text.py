"""The command's error lines in Chinese: every template the package raises to the user has its Chinese form, and the
argument parser's usage errors follow the language of the flags, the config file or the locale."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from paperdigest import errors
from paperdigest.cli import app
from paperdigest.render.error_text import TEMPLATES, localised

PACKAGE = Path(__file__).resolve().parents[2] / "paperdigest"
# What reaches the user as the command's own line: a usage error, an output error, a bad parameter, a `say`, and
# the warnings a command says (`history.warnings`).
TOLD = {name for name, kind in vars(errors).items() if isinstance(kind, type) and issubclass(kind, (errors.UsageError, errors.OutputError))}
TOLD |= {"BadParameter"}


def _template(node: ast.expr, inside: bool = False) -> str | None:
    """The string an expression writes, each interpolated value as {}; None when it is not built from literals
    (an expression added to a literal is a value: `"...: " + "; ".join(warnings)`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left, True), _template(node.right, True)
        return None if left is None or right is None else left + right
    return "{}" if inside else None


def _source_trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


def _told_templates() -> set[str]:
    told = set()
    for _, tree in _source_trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            warned = name == "append" and ast.unparse(node.func.value).endswith("warnings")  # the warnings a command says
            message = node.args[1] if name == "say" and len(node.args) > 1 else node.args[0] if name in TOLD or warned else None
            template = _template(message) if message is not None else None
            if template and re.search("[A-Za-z]{2}", template.replace("{}", "")):  # "{}" alone quotes another message
                told.add(template)
    return told


def test_every_template_told_to_the_user_has_a_chinese_form() -> None:
    told = _told_templates()
    assert len(told) > 60  # the scan finds the raises (a broken scan would pass with nothing)
    assert sorted(told - set(TEMPLATES["zh"])) == []


def test_every_chinese_form_is_of_a_string_the_package_writes() -> None:
    written = {
        _template(node)
        for path, tree in _source_trees()
        if path.name != "error_text.py"
        for node in ast.walk(tree)
        if isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp))
    }
    assert sorted(set(TEMPLATES["zh"]) - written) == []


@pytest.mark.parametrize("english", sorted(TEMPLATES["zh"]))
def test_a_message_keeps_its_values_and_loses_its_english(english: str) -> None:
    values = [f"/tmp/v{index}" for index in range(english.count("{}"))]
    message = "".join(part + value for part, value in zip(english.split("{}"), [*values, ""]))
    chinese = localised(message, "zh")
    assert all(value in chinese for value in values)
    assert re.search(r"[\u4e00-\u9fff]", chinese)
    for word in re.findall(r"\b[a-z]{4,}\b", english.replace("{}", " ")):  # "cannot", "before", "exists" ...
        in_chinese_form = word in TEMPLATES["zh"][english]
        assert in_chinese_form or word not in chinese.replace("/tmp/", ""), (word, chinese)


def test_a_quoted_message_is_localised_in_turn() -> None:
    line = "invalid settings (flags/env): max_papers: Input should be greater than or equal to 0"
    assert localised(line, "zh") == "设置无效（命令行参数/环境变量）: max_papers: 取值应不小于 0"
    hint = "unknown arXiv category 'cs.XX' in --categories; did you mean 'cs.AI'?"
    assert localised(hint, "zh") == "--categories 中有未知的 arXiv 分类 'cs.XX'；是否想用 'cs.AI'？"
    assert localised(line, "en") == line


def test_a_runs_warning_quoting_a_sources_or_a_files_error_is_chinese_after_where_it_happened(capsys) -> None:
    from paperdigest.console import Reporter
    from paperdigest.events import Event

    with Reporter(lang="zh") as reporter:
        reporter.on_event(Event("sources", "hf 2025-01-20: error: hf 2025-01-20: not JSON (Expecting value)", level="warning"))
        reporter.on_event(Event("paper", "2501.00001v2: PDF failed: 2501.00001v2: damaged PDF (xref)", level="warning", paper="2501.00001"))
        reporter.on_event(Event("select", "3 malformed library entries skipped", level="warning"))
    assert capsys.readouterr().err.splitlines() == [
        "警告: 来源: hf 2025-01-20: 错误: hf 2025-01-20: 不是 JSON（Expecting value）",
        "警告: 论文: 2501.00001v2: PDF 解析失败: 2501.00001v2: PDF 已损坏（xref）",
        "警告: 筛选: 已跳过 3 条格式错误的文献库条目",
    ]


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.setenv("PAPERDIGEST_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("PAPERDIGEST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PAPERDIGEST_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    (tmp_path / "config.toml").write_text("")
    return CliRunner()


def test_a_usage_error_under_lang_zh_is_chinese_with_its_values(runner) -> None:
    bad_option = runner.invoke(app, prog_name="paperdigest", args=["week", "2025-01-20", "--lang", "zh", "--bogus"])
    assert bad_option.exit_code == 2
    assert bad_option.stderr.splitlines() == [
        "用法: paperdigest week [OPTIONS] START",
        "运行 'paperdigest week --help' 查看帮助。",
        "",
        "错误: 没有选项 --bogus（可用的选项: --out）",
    ]
    bad_date = runner.invoke(app, prog_name="paperdigest", args=["week", "2025-13-01", "--lang=zh"])
    assert bad_date.exit_code == 2 and "错误: 'START' 的值无效: '2025-13-01' 不符合格式 '%Y-%m-%d'。" in bad_date.stderr
    own = runner.invoke(app, prog_name="paperdigest", args=["week", "2025-01-20", "--lang", "zh", "--out", "-"])
    assert own.exit_code == 2 and "错误: --out 的值无效: --out - 只输出 JSON：请加上 --format json" in own.stderr
    assert "Usage" not in bad_option.stderr + bad_date.stderr + own.stderr


def test_without_a_lang_flag_the_config_or_the_locale_decides_even_before_the_settings_load(runner, tmp_path, monkeypatch) -> None:
    english = runner.invoke(app, prog_name="paperdigest", args=["week", "2025-01-20", "--bogus"])
    assert english.stderr.splitlines()[-1] == "Error: No such option: --bogus (Possible options: --out)"
    (tmp_path / "config.toml").write_text('lang = "zh"\n')
    assert runner.invoke(app, prog_name="paperdigest", args=["week", "--max-papers", "many"]).stderr.splitlines()[-1] == "错误: '--max-papers' / '-n' 的值无效: 'many' 不是有效的整数。"
    (tmp_path / "config.toml").write_text('lang = "zh"\nengine = "magic"\n')  # the settings cannot load: their lang is read alone
    broken = runner.invoke(app, prog_name="paperdigest", args=["week", "2025-01-20"])
    assert broken.exit_code == 2 and broken.stderr.startswith(f"paperdigest: 错误: 设置无效（{tmp_path / 'config.toml'}）: engine: 取值应为 ")
    assert runner.invoke(app, prog_name="paperdigest", args=["week", "2025-01-20", "--lang", "en"]).stderr.startswith("paperdigest: error: invalid settings")
    (tmp_path / "config.toml").write_text("")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert runner.invoke(app, prog_name="paperdigest", args=["frobnicate"]).stderr.splitlines()[-1] == "错误: 没有命令 'frobnicate'。"
    missing = runner.invoke(app, prog_name="paperdigest", args=["week", "2025-01-20", "--config", str(tmp_path / "nowhere.toml")])
    assert missing.stderr.strip() == f"paperdigest: 错误: 找不到配置文件: {tmp_path / 'nowhere.toml'}"


def test_the_parser_error_class_is_the_one_typer_raises() -> None:
    from paperdigest.cli_args import _ParserError

    assert issubclass(typer.BadParameter, _ParserError) and hasattr(_ParserError, "format_message")
