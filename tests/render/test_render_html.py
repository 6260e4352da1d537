"""The pieces under the reports: Markdown escaping filters, front matter values, MathML, raw HTML, images."""

from __future__ import annotations

import pytest
import yaml
from render_checks import html_dangers, write_png

from paperdigest.render.html import data_uri, layout_only, markdown_to_html
from paperdigest.render.markdown import anchor, md, md_block, md_cell, tidy, truncate_words, yaml_value
from paperdigest.render.mathml import latex_to_mathml


@pytest.mark.parametrize(
    ("data", "markdown"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        (r"$a<b$ and <b>bold</b>", r"$a\lt b$ and &lt;b>bold&lt;/b>"),
        (r"$\pi_0$: a  flow\nmodel", r"$\pi_0$: a flow\nmodel"),
        ("costs $5 and <$10", "costs $5 and &lt;$10"),
        ("`x+y` stays code", "`x+y` stays code"),
        ("`x<y` in code could be a tag where code is not read", r"\`x&lt;y\` in code could be a tag where code is not read"),
        (r"\`<img src=x>` is no code span", r"\`&lt;img src=x>\` is no code span"),
        (r"\$<img src=x>$ is no math", r"\$&lt;img src=x>$ is no math"),
        ("a](https://evil.example) [b", r"a\](https://evil.example) \[b"),
        ("# not a heading", "\\# not a heading"),
        ("2025. A year", "2025\\. A year"),
        ("- not a list", "\\- not a list"),
        ("---", "\\---"),
        ("[1]: https://evil.example", "\\[1\\]: https://evil.example"),
        ("![pixel](https://evil.example/p.png)", "!\\[pixel\\](https://evil.example/p.png)"),
        ("$![p](https://evil.example/p.png)$", "$!{}[p]{}(https://evil.example/p.png)$"),
        (None, ""),
        ("A\x02B\x00 (\x13) C\x0cD", "AB () C D"),  # unmapped glyphs dropped, a form feed is a space
        ("Invoice \u202etxt.exe and \u2067isolated\u2069", "Invoice txt.exe and isolated"),  # no reordered reading
        ("قاعدة بيانات \u200fRTL", "قاعدة بيانات \u200fRTL"),  # right-to-left text and its marks stay
    ],
)
def test_md_keeps_text_and_math_but_no_html_or_blocks(data, markdown):
    assert md(data) == markdown


def test_md_block_keeps_paragraphs_and_lists_only():
    text = "First para.\n\n# Heading\n```\n- item <b>\n1. step\n\n\n\nlast"
    assert md_block(text) == "First para.\n\n\\# Heading\n\\`\\`\\`\n- item &lt;b>\n1. step\n\nlast"


def test_md_cell_cannot_end_a_cell():
    assert md_cell("a | b") == "a \\| b" and md_cell("") == "—"


@pytest.mark.parametrize("value", ['He said "hi": yes', "a\n---\nb: c", "\u2028\x85\x00\ufeff#x", "中文 & [x] {y}", None, 3])
def test_yaml_values_round_trip(value):
    assert yaml.safe_load(f"key: {yaml_value(value)}") == {"key": value}


def test_a_bidirectional_override_in_front_matter_is_an_escape_not_a_reordering():
    spoof = "Invoice \u202etxt.exe"
    assert yaml_value(spoof) == '"Invoice \\u202etxt.exe"'
    assert yaml.safe_load(f"key: {yaml_value(spoof)}") == {"key": spoof}


def test_anchor_ignores_math_and_punctuation_like_the_anchors_plugin():
    assert anchor("2.1 Token $\\alpha$ Maturation: <b>!") == "21-token--maturation-b"


def test_truncate_words_never_cuts_math():
    assert truncate_words("see $a + b + c$ here", 10) == "see…"
    assert truncate_words("short", 10) == "short"


def test_tidy_spaces_headings_and_rules_but_not_front_matter():
    text = "---\ntitle: x\n---\n# T\ntext\n---\n## H\n\n\n\nend  \n"
    assert tidy(text) == "---\ntitle: x\n---\n\n# T\n\ntext\n\n---\n\n## H\n\nend\n"


def test_mathml_is_rebuilt_from_an_allowlist():
    assert latex_to_mathml(r"\frac{a}{b} < c", display=True).startswith('<math display="block"><mrow><mfrac>')
    unsafe = latex_to_mathml(r"\text{<img/src/onerror=alert(1)>}", display=False)
    assert unsafe == '<code class="math-source">$\\text{&lt;img/src/onerror=alert(1)&gt;}$</code>'
    assert latex_to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", display=True).count("<mtr>") == 2
    assert latex_to_mathml(r"\begin{nonsense}", display=False).startswith('<code class="math-source">')


@pytest.mark.parametrize(
    ("raw", "allowed"),
    [
        ('<div align="center">\n', True),
        ("<details>\n<summary><strong>AI summary (by m)</strong> — click</summary>\n", True),
        ('<a id="ref-3"></a>', True),
        ('<div align="center" onclick="x()">', False),
        ("<img src=x onerror=alert(1)>", False),
        ("<summary>ok</summary><script>x</script>", False),
        ('<a href="javascript:x">', False),
    ],
)
def test_only_layout_tags_pass_as_raw_html(raw, allowed):
    assert layout_only(raw) is allowed


def test_images_are_inlined_only_from_inside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    write_png(out / "figures" / "a b.png")
    write_png(tmp_path / "secret.png")
    (out / "figures" / "fake.png").write_text("<svg onload=alert(1)>")
    assert data_uri("figures/a b.png", out).startswith("data:image/png;base64,iVBORw0KGgo")
    for src in ("../secret.png", str(tmp_path / "secret.png"), "figures/fake.png", "https://x.org/a.png", "file:///etc/passwd"):
        assert data_uri(src, out) is None, src
    assert data_uri("figures/a b.png", None) is None


def test_document_is_complete_and_inert(tmp_path):
    write_png(tmp_path / "f.png")
    markdown = (
        "---\ntitle: t\n---\n\n# Title\n\n![local](f.png) ![remote](https://evil.example/x.png)\n\n"
        "<img src=x onerror=alert(1)>\n\ntext <script>alert(1)</script> [link](javascript:alert(1))\n\n"
        "$$\nE = mc^2\n$$\n\nA footnote[^1].\n\n[^1]: The note.\n"
    )
    document = markdown_to_html(markdown, title="<T>", lang="zh", base_dir=tmp_path)
    assert document.startswith('<!DOCTYPE html>\n<html lang="zh">') and "<title>&lt;T&gt;</title>" in document
    assert html_dangers(document) == []
    assert '<span class="missing-image">[remote: not available]</span>' in document
    assert '<div class="math"><math display="block">' in document
    assert 'class="footnote' in document and "title: t" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
