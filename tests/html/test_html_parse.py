from __future__ import annotations

from pathlib import Path

import pytest

from paperdigest.errors import ParseError
from paperdigest.html import looks_like_html, parse_html, parse_html_file
from paperdigest.html import parse as html_parse


def math(tex: str, display: bool = False, mathml: str = "<mi>x</mi>") -> str:
    """A <math> the way LaTeXML writes it: presentation MathML plus content and TeX annotations."""
    mode = "block" if display else "inline"
    return (
        f'<math alttext="{tex}" class="ltx_Math" display="{mode}"><semantics>{mathml}'
        f'<annotation-xml encoding="MathML-Content"><ci>𝑥</ci></annotation-xml>'
        f'<annotation encoding="application/x-tex">{tex}</annotation>'
        f'<annotation encoding="application/x-llamapun">italic_x</annotation></semantics></math>'
    )


def equation_row(content: str, number: str) -> str:
    return (
        '<table class="ltx_equation ltx_eqn_table"><tbody><tr class="ltx_equation ltx_eqn_row">'
        f'<td class="ltx_eqn_cell">{content}</td><td class="ltx_eqn_cell ltx_eqn_eqno">'
        f'<span class="ltx_tag ltx_tag_equation">({number})</span></td></tr></tbody></table>'
    )


def page(body: str, title: str = "A Paper") -> bytes:
    return (
        f'<!DOCTYPE html><html><head><title>{title}</title></head><body>'
        f'<article class="ltx_document"><h1 class="ltx_title ltx_title_document">{title}</h1>{body}</article>'
        "</body></html>"
    ).encode()


def section(number: str, name: str, body: str, cls: str = "ltx_section", heading: str = "h2") -> str:
    return (
        f'<section class="{cls}"><{heading} class="ltx_title"><span class="ltx_tag">{number} </span>{name}'
        f"</{heading}>{body}</section>"
    )


def test_inline_math_becomes_its_latex_once() -> None:
    parsed = parse_html(page(section("1", "Intro", f'<div class="ltx_para"><p>at {math("z=0")} .</p></div>')))
    assert parsed.sections[0].text == "at $z=0$."
    assert "italic" not in parsed.model_dump_json()


def test_display_math_is_kept_as_an_equation() -> None:
    body = f"<p>we have</p>{equation_row(math(r'E=mc^{2},', display=True), '1')}<p>so</p>"
    parsed = parse_html(page(section("1", "Intro", body)))
    assert parsed.equations == ["E=mc^{2},"]
    assert parsed.sections[0].text == "we have\n\n$$E=mc^{2},$$ (1)\n\nso"
    assert parsed.missing_equations == 0


def test_aligned_rows_and_older_latexml_rows_are_equations() -> None:
    cell = '<td class="ltx_td ltx_eqn_cell">{}</td>'
    modern = (
        '<table class="ltx_equationgroup ltx_eqn_align ltx_eqn_table"><tbody>'
        '<tr class="ltx_equation ltx_eqn_row">'
        + cell.format(math(r"\displaystyle a"))
        + cell.format(math(r"\displaystyle=b+c"))
        + '<td class="ltx_eqn_eqno"><span class="ltx_tag ltx_tag_equation">(4)</span></td></tr>'
        '<tr class="ltx_equation ltx_eqn_row">' + cell.format(math(r"\displaystyle=d")) + "</tr></tbody></table>"
    )
    older = '<table class="ltx_equation"><tr class="ltx_equation">' + cell.format(math("e=f")) + "</tr></table>"
    parsed = parse_html(page(section("1", "Intro", modern + older)))
    assert parsed.equations == [r"\displaystyle a \displaystyle=b+c", r"\displaystyle=d", "e=f"]
    assert parsed.sections[0].text.split("\n\n") == [
        r"$$\displaystyle a \displaystyle=b+c$$ (4)",
        r"$$\displaystyle=d$$",
        "$$e=f$$",
    ]


def test_tex_comments_and_stray_math_shifts_are_cleaned() -> None:
    tex = "a+%\n  b/${10}^{3}\\text{ if $x$}$"
    parsed = parse_html(page(section("1", "Intro", f"<p>{math(tex)}</p>")))
    assert parsed.sections[0].text == "$a+b/{10}^{3}\\text{ if $x$}$"


def test_tex_char_escapes_become_their_characters_in_math_and_text() -> None:
    """LaTeXML writes `\\char 37` where it could not map a character: in math it is `\\%` (a bare % would start
    a comment), in text the character itself; hex and octal codes too, control codes stay as they are."""
    inline = math(r"68\text{\,}\mathrm{\char 37}") + " and " + math(r"a\char&quot;5F b\char'43 c\char 65x")
    equation = equation_row(math(r"p=5\char37", display=True), "1")
    body = f"<p>{inline}, a 20\\char 37 share, \\char 7 kept</p>{equation}"
    parsed = parse_html(page(section("1", "Intro", body)))
    first, second = parsed.sections[0].text.split("\n\n")
    assert first == r"$68\text{\,}\mathrm{\%}$ and $a\_ b\# cAx$, a 20% share, \char 7 kept"
    assert parsed.equations == [r"p=5\%"] and second == r"$$p=5\%$$ (1)"


def test_empty_numbered_equation_rows_are_counted_not_invented() -> None:
    body = equation_row("", "2") + equation_row(math("x=1", display=True), "3")
    parsed = parse_html(page(section("1", "Intro", body)))
    assert parsed.equations == ["x=1"]
    assert parsed.missing_equations == 1
    assert "[equation (2): no LaTeX in the HTML]" in parsed.sections[0].text


def test_math_without_tex_falls_back_to_its_visible_text() -> None:
    body = '<p>value <math display="inline"><mi>y</mi><annotation-xml><ci>dup</ci></annotation-xml></math></p>'
    parsed = parse_html(page(section("1", "Intro", body)))
    assert parsed.sections[0].text == "value y"


def test_nested_sections_keep_order_and_levels() -> None:
    sub = section("2.1", "Sub", "<p>inner</p>", cls="ltx_subsection", heading="h3")
    body = section("1", "One", "<p>first</p>") + section("2", "Two", f"<p>outer</p>{sub}<p>after</p>")
    body += section("A", "Appendix", "<p>app</p>", cls="ltx_appendix")
    parsed = parse_html(page(body))
    assert [(s.title, s.level, s.text) for s in parsed.sections] == [
        ("1 One", 1, "first"),
        ("2 Two", 1, "outer\n\nafter"),
        ("2.1 Sub", 2, "inner"),
        ("A Appendix", 1, "app"),
    ]


def test_front_matter_abstract_authors_and_references() -> None:
    body = (
        '<div class="ltx_authors"><span class="ltx_creator ltx_role_author"><span class="ltx_personname">'
        f'Ada Lovelace{math("{}^{1}")}, Alan Turing and Grace Hopper<br/>Some University</span></span></div>'
        '<div class="ltx_abstract"><h6 class="ltx_title">Abstract</h6><p>We show $x$ things.</p></div>'
        + section("1", "Intro", "<p>text</p>")
        + '<section class="ltx_bibliography"><h2>References</h2><ul class="ltx_biblist">'
        '<li class="ltx_bibitem"><span class="ltx_tag">[1]</span><span class="ltx_bibblock">A. Author, 2020, '
        '<a href="https://doi.org/10.1000/xyz">J</a>, arXiv:2101.00001</span></li></ul></section>'
    )
    parsed = parse_html(page(body))
    assert parsed.metadata["authors"] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert parsed.abstract == "We show $x$ things."
    assert [s.title for s in parsed.sections] == ["1 Intro"]
    [ref] = parsed.references
    assert (ref.index, ref.doi, ref.arxiv_id) == (1, "10.1000/xyz", "2101.00001")
    assert ref.text == "A. Author, 2020, J, arXiv:2101.00001"


def test_footnotes_are_marked_off_without_their_marks() -> None:
    note = (
        '<span class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">1</sup><span class="ltx_note_outer">'
        '<span class="ltx_note_content"><sup class="ltx_note_mark">1</sup><span class="ltx_tag ltx_tag_note">1</span>'
        "Code at github.com/x/y.</span></span></span>"
    )
    parsed = parse_html(page(section("1", "Intro", f"<p>We release code{note}. Next.</p>")))
    assert parsed.sections[0].text == "We release code [footnote: Code at github.com/x/y.]. Next."


def test_latexml_error_markers_are_not_text() -> None:
    body = '<p>as shown <span class="ltx_ERROR undefined">\\citep</span>in prior work</p>'
    parsed = parse_html(page(section("1", "Intro", body)))
    assert parsed.sections[0].text == "as shown in prior work"


def test_scripts_styles_and_navigation_are_ignored() -> None:
    body = (
        '<nav class="ltx_TOC"><a href="#S1">1 Intro</a></nav><script>var secret = "<p>no</p>";</script>'
        + section("1", "Intro", "<style>p{}</style><p>kept<script>alert(1)</script></p><noscript>x</noscript>")
    )
    parsed = parse_html(page(body))
    assert [(s.title, s.text) for s in parsed.sections] == [("1 Intro", "kept")]


def test_figures_in_captions_are_plain_text_with_math_and_resolved_images() -> None:
    body = section(
        "1",
        "Intro",
        '<figure class="ltx_figure"><img src="x1.png"/><figcaption class="ltx_caption">'
        f'<span class="ltx_tag ltx_tag_figure">Figure 2: </span>Loss at {math("z=0")} .</figcaption></figure>'
        '<figure class="ltx_table"><figcaption><span class="ltx_tag ltx_tag_table">Table 1: </span>Scores.'
        '</figcaption><table><tr><td>a</td><td>1</td></tr></table></figure>'
        "<figure><figcaption>Fig. 3. Plain HTML caption.</figcaption></figure>"
        "<figure><figcaption>An unnumbered picture</figcaption></figure>",
    )
    parsed = parse_html(page(body), base_url="https://arxiv.org/html/2501.00001v1/")
    assert [(f.name, f.type, f.caption, f.image_url) for f in parsed.figures] == [
        ("Figure 2", "figure", "Loss at $z=0$.", "https://arxiv.org/html/2501.00001v1/x1.png"),
        ("Table 1", "table", "Scores.", None),
        ("Figure 3", "figure", "Plain HTML caption.", None),
    ]
    assert all(f.page is None for f in parsed.figures)


@pytest.mark.parametrize(
    ("base_url", "image_url"),
    [
        ("https://arxiv.org/html/2501.00001v1", "https://arxiv.org/html/2501.00001v1/x1.png"),
        (None, "/html/2501.00001v1/x1.png"),
    ],
)
def test_images_resolve_against_the_pages_base_element(base_url: str | None, image_url: str) -> None:
    figure = (
        '<figure class="ltx_figure"><img class="ltx_graphics" src="x1.png"/><figcaption>'
        '<span class="ltx_tag ltx_tag_figure">Figure 1: </span>A plot.</figcaption></figure>'
    )
    data = page(section("1", "Intro", figure)).replace(b"<head>", b'<head><base href="/html/2501.00001v1/">')
    [parsed] = parse_html(data, base_url=base_url).figures
    assert parsed.image_url == image_url


@pytest.mark.parametrize("tag", ["div", "span", "ul", "section", "b"])
def test_deep_nesting_is_refused_before_parsing(tag: str) -> None:
    deep = f"<{tag}>" * 10_000 + "x" + f"</{tag}>" * 10_000
    with pytest.raises(ParseError, match="nests elements more than 256 deep"):
        parse_html(page(section("1", "Intro", deep)))


REOPENED = "".join(f"<div><b id={n}></div>x" for n in range(2_000))


def test_inline_tags_reopened_by_the_parser_count_as_nesting(monkeypatch) -> None:
    """Issue 14.9: `<div><b id=N></div>x` repeated nests the b's (the parser reopens them) past the guard."""
    monkeypatch.setattr(html_parse, "LexborHTMLParser", lambda *_: pytest.fail("parsed a page it should refuse"))
    with pytest.raises(ParseError, match="nests elements more than 256 deep"):
        parse_html(page(section("1", "Intro", REOPENED)))


def test_the_depth_of_the_built_tree_is_checked_too(monkeypatch) -> None:
    monkeypatch.setattr(html_parse, "_check_size", lambda data: None)
    with pytest.raises(ParseError, match="nests elements more than 256 deep"):
        parse_html(page(section("1", "Intro", REOPENED)))


def test_inline_tags_closed_in_order_are_not_counted_as_reopened() -> None:
    text = "<div><b>bold</b> and <i>it</i></div>" * 2_000 + "<p><b>x</p>y</b>" * 200
    assert parse_html(page(section("1", "Intro", text))).sections[0].text.startswith("bold and it")


def test_markup_that_does_not_nest_is_not_counted_as_deep() -> None:
    flat = (
        "<p>unclosed paragraph" * 2_000
        + "<br/><img src=x>" * 2_000
        + "<svg>" + '<path d="M0 0"/>' * 2_000 + "</svg>"
        + "<!--" + "<div>" * 2_000 + "-->"
        + "<script>var s = '" + "<div>" * 2_000 + "';</script>"
        + "<div>" * 100 + "<span>" * 100 + "deep" + "</span>" * 100 + "</div>" * 100
    )
    parsed = parse_html(page(section("1", "Intro", flat)))
    assert parsed.sections[0].text.endswith("deep")
    assert "<div>" not in parsed.sections[0].text


def test_pages_with_millions_of_tags_are_refused_before_parsing() -> None:
    with pytest.raises(ParseError, match="HTML has 2,000,001 tags, over the 2,000,000-tag limit"):
        parse_html(b"<br>" * 2_000_001)


def test_tags_without_closing_brackets_are_read_in_linear_time() -> None:
    with pytest.raises(ParseError, match="no paper content"):
        parse_html(b"<a" * 200_000)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n1 0 obj", "not an HTML document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00<html>", "not an HTML document"),
        (b"", "not an HTML document"),
        (b'{"title": "json"}', "not an HTML document"),
        (b"<?xml version='1.0'?><feed></feed>", "no paper content"),
        (b"<html><body><script>x()</script></body></html>", "no paper content"),
    ],
)
def test_not_a_paper_page_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_html(data)


def test_page_over_the_size_limit_is_refused() -> None:
    data = page(section("1", "Intro", "<p>" + "word " * 50_000 + "</p>"))
    with pytest.raises(ParseError, match="over the 100,000-byte limit"):
        parse_html(data, max_bytes=100_000)


def test_without_sections_the_body_is_one_text_section() -> None:
    parsed = parse_html(b"<html><body><h1>Title</h1><p>Just a paragraph.</p></body></html>")
    assert parsed.metadata["title"] == "Title"
    assert [(s.title, s.text) for s in parsed.sections] == [("Text", "Just a paragraph.")]


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    parsed = parse_html(page(section("1", "Intro", "<p>caf\xe9</p>")).replace("é".encode(), b"\xff"))
    assert parsed.sections[0].text == "caf\ufffd"


def test_file_reader_records_the_file_and_maps_errors(tmp_path: Path) -> None:
    path = tmp_path / "paper.html"
    path.write_bytes(page(section("1", "Intro", "<p>text</p>")))
    parsed = parse_html_file(path)
    assert (parsed.source, parsed.file, parsed.sections[0].text) == ("html", str(path), "text")
    with pytest.raises(ParseError, match="cannot read"):
        parse_html_file(tmp_path / "missing.html")
    (tmp_path / "x.html").write_bytes(b"%PDF-1.4")
    with pytest.raises(ParseError, match=r"x\.html: not an HTML document"):
        parse_html_file(tmp_path / "x.html")


def test_sniffing() -> None:
    assert looks_like_html(b"\xef\xbb\xbf\n  <!DOCTYPE html><html>")
    assert not looks_like_html(b"%PDF-1.7")
