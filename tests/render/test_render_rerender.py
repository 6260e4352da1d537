"""`paperdigest render`: a saved JSON report written again in another template, format or language."""

from __future__ import annotations

import pytest
from render_checks import unresolved
from typer.testing import CliRunner

from paperdigest.cli import app
from paperdigest.render import write_report
from paperdigest.settings import Settings


@pytest.fixture
def saved(sample_report, tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text("")
    monkeypatch.setenv("PAPERDIGEST_CONFIG", str(tmp_path / "config.toml"))
    report, out_dir = sample_report
    write_report(report, out_dir, "md", Settings())
    return write_report(report, out_dir, "json", Settings())


def test_render_into_another_folder_copies_the_figures(saved, tmp_path):
    result = CliRunner().invoke(app, ["render", str(saved), "--template", "list", "--lang", "zh", "--out", str(tmp_path / "again")])
    markdown = (tmp_path / "again" / "report.md").read_text(encoding="utf-8")
    assert result.exit_code == 0, result.output
    assert markdown.startswith("---\ntitle: \"2025-01-20 至 2025-01-26 论文列表\"")
    assert unresolved(markdown, tmp_path / "again") == {"anchors": [], "citations": [], "images": []}
    assert (tmp_path / "again" / "figures" / "2501.00001v1-figure-1.png").is_file()
    assert result.stderr.splitlines()[-1] == f"已写入 {tmp_path / 'again' / 'report.md'}"  # stderr in the language asked for


def test_render_beside_the_json_as_html(saved):
    result = CliRunner().invoke(app, ["render", str(saved), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert (saved.parent / "report.html").read_text(encoding="utf-8").count("data:image/png;base64,") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [(["missing.json"], "missing.json: No such file"), (["--lang", "fr"], "--lang 'fr': use one of en, zh")],
)
def test_render_errors_are_one_line(saved, tmp_path, args, message):
    target = [str(tmp_path / args[0])] if args[0].endswith(".json") else [str(saved), *args]
    result = CliRunner().invoke(app, ["render", *target])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_render_rejects_other_json(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text("")
    monkeypatch.setenv("PAPERDIGEST_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "other.json").write_text('{"schema_version": "9.0", "params": {"command": "week"}}')
    result = CliRunner().invoke(app, ["render", str(tmp_path / "other.json")])
    assert result.exit_code == 2 and "has schema 9.0; this paperdigest reads 1.0" in result.output


def test_render_copies_no_file_from_outside_the_report_or_the_cache(saved, tmp_path):
    """Issue 14.2: a saved report named /etc/passwd and ../ paths as figures, and render copied them."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    report = saved.read_text(encoding="utf-8")
    for hostile in ("/etc/passwd", "../secret.png", str(secret)):
        forged = report.replace("figures/2501.00001v1-figure-1.png", hostile)
        saved.write_text(forged.replace("figures/2501.00001v1-equation-3-p4.png", hostile), encoding="utf-8")
        again = tmp_path / "again"
        result = CliRunner().invoke(app, ["render", str(saved), "--out", str(again)])
        assert result.exit_code == 0, result.output
        assert f"Figure 1: image {hostile!r} is not a file inside the report's folder or the figure cache" in result.output
        assert f"Equation (3): image {hostile!r} is not a file inside" in result.output
        assert not (again / "figures").exists() or list((again / "figures").iterdir()) == []
        assert "secret" not in (again / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ 1/0 }}", "report template bad.md.j2:3: ZeroDivisionError: division by zero"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "report template bad.md.j2:3: access to attribute '__class__' of 'str' object is unsafe."),
        ("{{ report.__init__.__globals__ }}", "report template bad.md.j2:3: access to attribute '__init__'"),
        ("{% for x in %}", "report template bad.md.j2:3: Expected an expression"),
    ],
)
def test_a_template_runs_sandboxed_and_fails_in_one_line(saved, tmp_path, body, message):
    """Issue 14.3: templates were not sandboxed, and one raising at render gave a traceback."""
    template = tmp_path / "bad.md.j2"
    template.write_text(f"# {{{{ title }}}}\n\n{body}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(saved), "--template", str(template)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"paperdigest: error: {message}") and result.output.count("\n") == 1
