"""Lines joined as a reader reads them: line-break hyphens, real hyphens, URLs broken by a space, TeX's accents."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from paperdigest.pdf import parse_pdf
from paperdigest.pdf.glyphs import compose_accents, plain_letters
from paperdigest.pdf.joining import join_lines, join_urls, vocabulary

WORDS = vocabulary(["the token level of the model", "a span of text", "a document-level score and the average", "English German to"])


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["the exponential moving av-", "erage(EMA) formula"], "the exponential moving average(EMA) formula"),
        (["performs a token-", "level Markov process"], "performs a token-level Markov process"),
        (["on the WMT 2014 English-", "to-German task"], "on the WMT 2014 English-to-German task"),
        (["a state-of-", "the-art model"], "a state-of-the-art model"),
        (["28 COVID-", "19 cases"], "28 COVID-19 cases"),
        (["the English-", "German pairs"], "the English-German pairs"),
        (["send an e-", "mail"], "send an e-mail"),
        (["the classi-", "ﬁcation layer"], "the classiﬁcation layer"),
        (["a span-", "level F1"], "a span-level F1"),  # '-level' is a compound's part elsewhere in the paper
        (["To-", "day we"], "Today we"),  # two letters before the break: TeX's hyphen
        (["x -", "y"], "x - y"),
        (["code: https://github.com/", "tensorflow/tensor2tensor."], "code: https://github.com/tensorflow/tensor2tensor."),
        (["at https://s3.example.org/turing-nlg-a-17-", "billion-parameter/ for"], "at https://s3.example.org/turing-nlg-a-17-billion-parameter/ for"),
    ],
)
def test_lines_joined(parts: list[str], joined: str) -> None:
    assert join_lines(parts, WORDS) == joined


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("at https://github.com/ tensorflow/tensor2tensor. Thanks", "at https://github.com/tensorflow/tensor2tensor. Thanks"),
        ("https://arxiv. org/abs/2001.08361.", "https://arxiv.org/abs/2001.08361."),
        ("https://openreview.net/ forum?id=B184E5qee.", "https://openreview.net/forum?id=B184E5qee."),
        ("see https://gluebenchmark.com/ We compare", "see https://gluebenchmark.com/ We compare"),  # a sentence goes on
        ("at http://image-net.org/2015/ and http://mscoco.org/x", "at http://image-net.org/2015/ and http://mscoco.org/x"),
        ("4https://2024.aclweb.org/ 5https://cvpr.thecvf.com/", "4https://2024.aclweb.org/ 5https://cvpr.thecvf.com/"),
        ("at https://x.org/a. We then", "at https://x.org/a. We then"),
    ],
)
def test_urls_joined(text: str, joined: str) -> None:
    assert join_urls(text) == joined


@pytest.mark.parametrize(
    ("text", "composed"),
    [
        ("Petar Veliˇckovi´c and M¨uller", "Petar Veličković and Müller"),
        ("Rodr´ıguez, Tom´aˇs Jurˇc´ıˇcek", "Rodríguez, Tomáš Jurčíček"),
        ("the estimate ˆY of ¯r", "the estimate Ŷ of r\u0304"),  # no precomposed r with macron: the combining mark
        ("32.1 ˘ 0.04", "32.1 ˘ 0.04"),  # a table's ± drawn as a breve: no letter follows
        ("˜𝑥 = g´1", "˜𝑥 = g´1"),  # math italic and digits stay as they are
    ],
)
def test_tex_spacing_accents_composed(text: str, composed: str) -> None:
    assert compose_accents(text) == composed


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Franc¸ois and A. S¸ima", "François and A. Şima"),  # a cedilla set after its letter
        ("Louren¸co, A.", "Lourenço, A."),  # before its c
        ("Stanisław Jastrze¸bski, Jastrz˛ebski", "Stanisław Jastrzębski, Jastrzębski"),  # under a vowel, an ogonek
        ("a lone ¸ mark", "a lone ¸ mark"),
    ],
)
def test_tex_cedillas_and_ogoneks_composed(text: str, plain: str) -> None:
    assert plain_letters(text) == plain


def test_joined_text_in_a_drawn_pdf(tmp_path: Path) -> None:
    """Line-end hyphens in prose and captions, a real compound broken at its hyphen, a URL broken after a slash."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "1 Introduction", fontsize=12, fontname="tibo")
    lines = [
        "Our model achieves 28.4 BLEU on the WMT 2014 English-",
        "to-German translation task and uses the exponential av-",
        "erage of the weights as every model in the field does.",
        "The crawler performs a token-level decision, and each token-",
        "level decision is scored; the code is available at https://github.com/",
        "tensorflow/tensor2tensor for anyone who wants to run it again.",
    ]
    for n, line in enumerate(lines):
        page.insert_text((72, 100 + 13 * n), line, fontsize=10, fontname="tiro")
    page.draw_rect(pymupdf.Rect(150, 300, 450, 450), color=(0, 0, 0), width=1)
    page.insert_text((72, 470), "Figure 1: The curves are smoothed with an exponential moving av-", fontsize=10, fontname="tiro")
    page.insert_text((72, 483), "erage of the last hundred steps of the run.", fontsize=10, fontname="tiro")
    doc.save(tmp_path / "joined.pdf")
    parsed = parse_pdf(tmp_path / "joined.pdf")
    text = parsed.sections[0].text
    assert "WMT 2014 English-to-German translation" in text
    assert "exponential average of the weights" in text
    assert "each token-level decision" in text
    assert "https://github.com/tensorflow/tensor2tensor for anyone" in text
    (figure,) = parsed.figures
    assert figure.caption == "Figure 1: The curves are smoothed with an exponential moving average of the last hundred steps of the run."


@pytest.mark.corpus
def test_joined_text_on_corpus_papers(corpus: Path) -> None:
    """The cases issue 15 names, where they occur in the corpus."""
    attention = parse_pdf(corpus / "pdfs" / "1706.03762v5.pdf")
    text = " ".join(section.text for section in attention.sections)
    assert "WMT 2014 English-to-German translation task" in text and "Englishto-German" not in text
    assert "https://github.com/tensorflow/tensor2tensor" in text
    assert any("making...more difficult" in figure.caption for figure in attention.figures)  # printed with a ligature
    assert not any(ligature in text for ligature in "ﬀﬁﬂﬃﬄ")
    pasa = parse_pdf(corpus / "pdfs" / "2501.10120v1.pdf")
    text = " ".join(section.text for section in pasa.sections)
    assert "performs a token-level Markov Decision Process" in text and "tokenlevel" not in text
    assert any("exponential moving average(EMA)" in figure.caption for figure in pasa.figures)
    gnn = parse_pdf(corpus / "pdfs" / "2210.02997v2.pdf")
    references = " ".join(reference.text for reference in gnn.references)
    assert references.count("Veličković") >= 5 and "ˇ" not in references
