"""The extractive engine fills each field from sentences of its role, once each, quoting the paper verbatim."""

from __future__ import annotations

import re

import pytest

from paperdigest.analyse.extractive import _Picker, summarise
from paperdigest.models import Figure, Paper, PaperEntry, ParsedPaper, Section, Selection
from paperdigest.sentences import Sentence

ABSTRACT = (
    "Memory systems let language models keep what they learn across sessions. "
    "However, existing memory systems often introduce substantial time overhead. "
    "To this end, we introduce LightMem, a memory system that balances cost and accuracy. "
    "LightMem organizes memory into three stages inspired by human memory. "
    "Experiments on LongMemEval show that LightMem improves accuracy by up to 10.9% while using 117x fewer tokens. "
    "The code is available at https://github.com/\nzjunlp/LightMem."
)
SECTIONS = [
    Section(title="1 Introduction", page=1, text=(
        "Despite numerous efforts, no single memory design performs consistently well. "
        "Our contributions are summarized as follows: • We introduce LightMem, a lightweight memory system for agents. "
        "• We design a sleep-time update that moves consolidation offline. "
        "• We release a benchmark split for long conversations.")),
    Section(title="2 Related Work", page=2, text="Prior work stores every turn in a vector database and retrieves it later."),
    Section(title="3 Method", page=2, text=(
        "The sensory memory is defined as a buffer of compressed turns. "
        "We formulate consolidation as a summarisation objective over topic groups. "
        "Each group is scored by its similarity to the current query.")),
    Section(title="4 Experiments", page=3, text=(
        "We evaluate on LongMemEval with GPT and Qwen backbones. "
        "LightMem reaches 68.6% accuracy, outperforming A-Mem by 7.7 points. "
        "It cuts API calls by 159x compared with the strongest baseline.")),
    Section(title="5 Limitations", page=4, text=(
        "We discuss limitations in Appendix B. "
        "Our method relies on a fixed topic segmentation model that may not transfer to other languages.")),
    Section(title="References", page=5, text="Ada Lovelace. 1843. We propose the analytical engine."),
]
PAGES = [ABSTRACT + " " + SECTIONS[0].text, SECTIONS[1].text + " " + SECTIONS[2].text, SECTIONS[3].text, SECTIONS[4].text, SECTIONS[5].text]


def _summary():
    parsed = ParsedPaper(
        source="pdf", abstract=ABSTRACT, sections=SECTIONS, page_texts=PAGES,
        figures=[Figure(name="Figure 1", caption="Overview of the LightMem architecture.", page=2),
                 Figure(name="Figure 2", caption="Accuracy versus token cost on LongMemEval.", page=3)],
    )  # fmt: skip
    paper = Paper(arxiv_id="2510.00001", title="LightMem", abstract=ABSTRACT, extra={"githubRepo": "https://github.com/zjunlp/LightMem"})
    return summarise(PaperEntry(paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True), parsed=parsed))


def _claims(summary):
    return [summary.contribution, *summary.innovations, *summary.principles, *summary.experiments,
            *summary.strengths, *summary.limitations, *summary.usage]  # fmt: skip


def test_each_field_gets_sentences_of_its_role() -> None:
    summary = _summary()
    assert summary.contribution.text == "To this end, we introduce LightMem, a memory system that balances cost and accuracy."
    assert "We design a sleep-time update that moves consolidation offline." in [c.text for c in summary.innovations]
    assert any("10.9%" in c.text for c in summary.experiments) and any("68.6%" in c.text for c in summary.experiments + summary.strengths)
    assert summary.principles[0].text == "The sensory memory is defined as a buffer of compressed turns."
    assert [c.text for c in summary.limitations] == [
        "Our method relies on a fixed topic segmentation model that may not transfer to other languages."]


def test_no_sentence_twice_and_no_second_introduction_of_the_same_name() -> None:
    texts = [c.text for c in _claims(_summary())]
    assert len(texts) == len(set(texts))
    assert sum(bool(re.search(r"introduce LightMem", t)) for t in texts) == 1


def test_no_concession_opens_a_contribution_or_innovation() -> None:
    summary = _summary()
    for claim in [summary.contribution, *summary.innovations]:
        assert not re.match(r"(However|Despite|Although|While)\b", claim.text), claim.text


def test_usage_is_the_joined_link_once_and_names_code() -> None:
    usage = [c.text for c in _summary().usage]
    # the listing's repo is the link the paper already gives: no "Code: ..." line repeats it
    assert usage == ["The code is available at https://github.com/zjunlp/LightMem.", "We release a benchmark split for long conversations."]


def test_a_footnote_gives_its_code_link_to_the_usage_and_nothing_else() -> None:
    notes = ["Code at https://github.com/ada/reader", "We report that the reader improves recall by 12.5% on every split.",
             "For BLEURT, we used the library at https://github.com/google-research/bleurt."]  # fmt: skip
    parsed = ParsedPaper(source="pdf", abstract="We propose a reader of papers.", sections=SECTIONS[:1], footnotes=notes,
                         page_texts=[SECTIONS[0].text, " ".join(notes)])  # fmt: skip
    paper = Paper(arxiv_id="2510.00002", title="Reader", abstract=parsed.abstract)
    summary = summarise(PaperEntry(paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True), parsed=parsed))
    assert [(c.text, c.evidence[0].section, c.evidence[0].page) for c in summary.usage] == [
        ("We release a benchmark split for long conversations.", "1 Introduction", 1),
        ("Code at https://github.com/ada/reader", "Footnotes", 2),
    ]
    assert all("12.5%" not in c.text for c in _claims(summary))


def test_every_claim_is_a_verbatim_quote_with_its_page() -> None:
    summary = _summary()
    whole = " ".join(" ".join(p.split()) for p in PAGES).replace("https://github.com/ zjunlp", "https://github.com/zjunlp")
    for claim in _claims(summary):
        assert claim.text in whole and claim.evidence[0].quote == claim.text
    assert summary.limitations[0].evidence[0].page == 4 and summary.experiments[0].evidence[0].page == 1
    assert all("analytical engine" not in c.text for c in _claims(summary))  # back matter is never quoted


def test_figures_are_chosen_by_caption() -> None:
    assert [(f.name, f.why) for f in _summary().key_figures] == [
        ("Figure 1", "its caption describes the method"), ("Figure 2", "its caption describes results")]


def _summary_of_one_section(title: str, abstract: str, section: Section):
    """A paper of an abstract (page 1) and one full-text section (page 2)."""
    parsed = ParsedPaper(source="pdf", abstract=abstract, sections=[section], page_texts=[abstract, section.text])
    paper = Paper(arxiv_id="2601.00001", title=title, abstract=abstract)
    return summarise(PaperEntry(paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True), parsed=parsed))


def test_a_number_reported_once_is_not_repeated_under_strengths() -> None:
    abstract = (
        "We propose the Transformer, an attention-only network. "
        "Our model achieves 28.4 BLEU on WMT 2014 English-to-German, improving over the best results by over 2 BLEU."
    )
    results = Section(title="6 Results", page=2, text=(
        "The big model outperforms the best previously reported models by more than 2.0 BLEU, establishing a score of 28.4. "
        "Our base model surpasses all previously published models at a fraction of the training cost."))
    summary = _summary_of_one_section("Transformer", abstract, results)
    reported = [c.text for c in summary.experiments + summary.strengths]
    assert not any(t.startswith("The big model") for t in reported)  # 28.4 and 2.0 BLEU were already said
    assert [c.text for c in summary.strengths] == [
        "Our base model surpasses all previously published models at a fraction of the training cost."]


def test_math_flattened_by_a_pdf_is_never_quoted() -> None:
    from paperdigest.analyse.extractive import garbled_math

    assert garbled_math("Suppose that the output gradient is dO ∈R𝑛×𝑑 (where dO denotes 𝜕𝜙 𝜕O).")
    assert garbled_math("it requires O(N2d2M−1) accesses where d ≤ M ≤ Nd and S ∈ R.")
    assert not garbled_math("The encoder is composed of a stack of N = 6 identical layers.")
    assert garbled_math("(9) m=0 n=0 m Z Z 0(x′) j(x′) dd+1x′φb φc j(x)φc φb dd+1x × .")  # no symbol above, no word either
    assert not garbled_math("We show that f(x) = 0 for all x > 1.")
    # set symbols count as math too (SEAL's flattened document score)
    assert garbled_math("The score is the weighted sum of all ngrams in K(d): X W(d, q) = n∈K(d) where C(n, K) ⊂V is a set.")


@pytest.mark.parametrize("pointer", ["We describe this in Algorithm 1.", "In Figure 1 we show this process at a high level.", "We show in Figure 2 the blocks we use."])
def test_a_pointer_to_an_algorithm_or_a_figure_is_not_a_principle(pointer: str) -> None:
    method = Section(title="3 Method", page=1, text=(
        f"{pointer} The main idea is that we split the inputs into blocks held in fast memory."))
    parsed = ParsedPaper(source="pdf", sections=[method], page_texts=[method.text])
    paper = Paper(arxiv_id="2205.14135", title="FlashAttention", abstract="We propose FlashAttention, an exact attention algorithm.")
    principles = summarise(PaperEntry(paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True), parsed=parsed)).principles
    assert [c.text for c in principles] == ["The main idea is that we split the inputs into blocks held in fast memory."]


def test_parallel_findings_of_an_abstract_both_count_and_an_intro_restating_it_does_not() -> None:
    abstract = (
        "We study the parameterized complexity of fair vertex cover. "
        "We prove that the problem is W[1]-hard with respect to the treewidth and the number of groups. "
        "Finally, we prove that the problem is FPT with respect to the tree-depth and the number of groups."
    )
    intro = Section(title="1 Introduction", page=1, text=(
        "In this paper, we study the parameterized complexity of fair vertex cover in graphs."))
    parsed = ParsedPaper(source="pdf", abstract=abstract, sections=[intro], page_texts=[abstract + " " + intro.text])
    paper = Paper(arxiv_id="2411.00001", title="Fair vertex cover", abstract=abstract)
    summary = summarise(PaperEntry(paper=paper, selection=Selection(arxiv_id=paper.arxiv_id, selected=True), parsed=parsed))
    texts = [c.text for c in _claims(summary)]
    assert [c.text for c in summary.experiments] == [
        "We prove that the problem is W[1]-hard with respect to the treewidth and the number of groups.",
        "Finally, we prove that the problem is FPT with respect to the tree-depth and the number of groups."]
    assert not any(t.startswith("In this paper, we study") for t in texts)  # a near copy of the abstract's first
    assert len(texts) == len(set(texts))


def test_a_pdfs_ligatures_are_spelt_out_and_the_quote_still_finds_its_page() -> None:
    findings = "We ﬁnd that more than 20 neighbours does not improve FooNet, and training stays eﬃcient at 7.5% of the cost."
    parsed = ParsedPaper(source="pdf", sections=[Section(title="4 Experiments", page=2, text=findings)],
                         page_texts=["FooNet retrieves chunks.", findings])
    entry = PaperEntry(paper=Paper(arxiv_id="2501.00003", title="FooNet", abstract="We propose FooNet, a retrieval model."),
                       selection=Selection(arxiv_id="2501.00003", selected=True), parsed=parsed)
    quoted = [(c.text, c.evidence[0].page) for c in summarise(entry).experiments]
    assert quoted == [("We find that more than 20 neighbours does not improve FooNet, and training stays efficient at 7.5% of the cost.", 2)]


def test_a_quote_that_runs_over_a_page_break_cites_the_page_it_starts_on() -> None:
    findings = "We find that more than 20 neighbours does not improve FooNet, and training stays cheap at 7.5% of the cost."
    cut = findings.index("improve")
    pages = ["FooNet retrieves chunks. " + findings[:cut], "Figure 3: Loss curves of FooNet. " + findings[cut:]]  # a figure on top
    parsed = ParsedPaper(source="pdf", sections=[Section(title="4 Experiments", page=1, text=findings)], page_texts=pages)
    entry = PaperEntry(paper=Paper(arxiv_id="2501.00003", title="FooNet", abstract="We propose FooNet, a retrieval model."),
                       selection=Selection(arxiv_id="2501.00003", selected=True), parsed=parsed)
    assert [(c.text, c.evidence[0].page) for c in summarise(entry).experiments] == [(findings, 1)]


def test_a_full_text_result_needs_a_number_of_its_own_not_a_pointer_to_a_table() -> None:
    results = Section(title="4 Experiments", page=1, text=(
        "The results on FooBench and BarBench are shown in Tables 1 and 2. "
        "As Zhang et al. (2020) find, mixing the two schemes improves the performance of agents. "
        "FooNet reaches 93.7% accuracy on FooBench, the best result we observe (Table 1)."))
    parsed = ParsedPaper(source="pdf", sections=[results], page_texts=[results.text])
    entry = PaperEntry(paper=Paper(arxiv_id="2501.00004", title="FooNet", abstract="We propose FooNet, a retrieval model."),
                       selection=Selection(arxiv_id="2501.00004", selected=True), parsed=parsed)
    assert [c.text for c in summarise(entry).experiments] == ["FooNet reaches 93.7% accuracy on FooBench, the best result we observe (Table 1)."]


def test_a_result_that_does_not_outperform_is_no_strength() -> None:
    results = Section(title="4 Experiments", page=1, text=(
        "We find that FooPool is not able to outperform some baselines in the accuracy test, so the threshold matters. "
        "We find that FooPool outperforms max pooling in the accuracy test on the held-out city."))
    parsed = ParsedPaper(source="pdf", sections=[results], page_texts=[results.text])
    entry = PaperEntry(paper=Paper(arxiv_id="2501.00004", title="FooPool", abstract="We propose FooPool, a pooling method."),
                       selection=Selection(arxiv_id="2501.00004", selected=True), parsed=parsed)
    assert [c.text for c in summarise(entry).strengths] == [
        "We find that FooPool outperforms max pooling in the accuracy test on the held-out city."]


def test_a_finding_about_a_thing_already_named_is_still_reported() -> None:
    """"We introduce PaSa" twice is one introduction too many; "we construct a UPB of smaller size" after UPBs were
    named is a finding, not a second introduction."""
    picker = _Picker(None)
    lead = Sentence("We give a sufficient condition for the existence of UPBs in tripartite systems.", "Abstract", "abstract", "contribution")
    again = Sentence("We introduce UPBs, which are product bases that cannot be extended.", "1 Introduction", "intro", "contribution")
    finding = Sentence("In particular, we construct a UPB of size 19 which is uncompletable in every bipartition.", "Abstract", "abstract", "result")
    assert [c.text for c in picker.pick([lead], 1)] == [lead.text]
    assert picker.pick([again], 4) == []
    assert [c.text for c in picker.pick([finding], 4, results=True)] == [finding.text]


def test_a_cited_works_finding_in_the_full_text_is_not_reported_as_the_papers() -> None:
    abstract = "We propose DocSum, a summariser for long legal documents. DocSum improves ROUGE-L by 2.1 points over BART."
    experiments = Section(title="5 Experiments", page=2, text=(
        "BART [36] and PEGASUS [60] have achieved 44.2 ROUGE-1 on CNN/DailyMail, outperforming earlier summarisers. "
        "DocSum raises the rate of cited cases found 2.7x, compared to the numbers reported before [33]. "
        "On MultiLexSum [Shen et al., 2022], DocSum outperforms LED by 3.4 ROUGE-2. "
        "DocSum reaches 68.6% accuracy, outperforming A-Mem [12] by 7.7 points."))
    summary = _summary_of_one_section("DocSum", abstract, experiments)
    reported = [c.text for c in summary.experiments + summary.strengths]
    assert not any(t.startswith("BART [36]") for t in reported), reported
    for kept in ("DocSum raises", "On MultiLexSum", "DocSum reaches"):  # the citation is not the finding's subject
        assert any(t.startswith(kept) for t in reported), (kept, reported)


def test_a_surveys_experiments_are_what_its_abstract_found_not_the_surveyed_papers_results() -> None:
    abstract = "We review large language models in chemistry. We find that most agents are evaluated on fewer than five tasks."
    body = Section(title="3 Models", page=2, text=(
        "The BERT model achieved higher accuracy (98.2%) compared to the encoder-decoder model (95.2%). "
        "The model was fine-tuned on 60 datasets, outperforming state-of-the-art methods in 2022."))
    for title in ("A Review of Language Models in Chemistry", "Language Models in Chemistry"):  # named by its title or its lead
        summary = _summary_of_one_section(title, abstract, body)
        reported = [c.text for c in summary.experiments + summary.strengths]
        assert reported == ["We find that most agents are evaluated on fewer than five tasks."], (title, reported)
    for title in ("ChemBERT", "ChemBERT: Peer Review of Reaction Predictions", "A Code Review Tool for Chemists"):
        research = _summary_of_one_section(title, abstract.replace("We review", "We train"), body)
        assert any(c.text.startswith("The BERT model") for c in research.experiments), title  # no survey: its body counts


def test_a_surveys_methods_section_gives_no_key_principles_and_a_table_pointer_is_none() -> None:
    abstract = "We review retrieval models for question answering. We find that most are evaluated on one dataset."
    method = Section(title="3 Method overview", page=2, text=(
        "The encoder consists of six stacked layers, each with a self-attention block. "
        "Table 5 compares this multitask model with its single task counterparts. "
        "The retriever is defined as a dual encoder over passages."))
    survey = _summary_of_one_section("Retrieval for QA: A Survey", abstract, method)
    assert survey.principles == []  # the surveyed papers' encoders are not the survey's principle
    research = _summary_of_one_section("RetroQA", abstract.replace("We review", "We train"), method)
    texts = [c.text for c in research.principles]
    assert texts and not any(t.startswith("Table 5") for t in texts), texts
