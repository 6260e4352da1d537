"""Themes: papers clustered on their words, every paper in one theme, each named by a 2-4 word phrase of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from paperdigest.analyse.overview import compare, table_row, title_topic
from paperdigest.analyse.themes import GENERIC, _docs, themes
from paperdigest.paper_lines import one_line
from paperdigest.models import Analysis, Claim, Figure, Paper, PaperEntry, ParsedPaper, Selection, Summary
from paperdigest.sources.hf import read_daily


def _entry(arxiv_id: str, title: str, abstract: str = "", selected: bool = False, **extra) -> PaperEntry:
    paper = Paper(arxiv_id=arxiv_id, title=title, abstract=abstract, extra=extra)
    return PaperEntry(paper=paper, selection=Selection(arxiv_id=arxiv_id, selected=selected))


PAPERS = [
    _entry("2501.00001", "Long Video Generation with Sparse Attention", "We propose a model for long video generation with diffusion transformers."),
    _entry("2501.00002", "Controllable Video Generation from Game Actions", "Video generation conditioned on game actions with video diffusion."),
    _entry("2501.00003", "LLM Agents for Academic Paper Search", "We introduce LLM agents that search papers with tools."),
    _entry("2501.00004", "Training LLM Agents to Reflect", "LLM agents learn to reflect on failed tool calls."),
]


def test_every_paper_is_in_exactly_one_theme_named_by_a_shared_phrase() -> None:
    found = themes(PAPERS)
    ids = [pid for theme in found for pid in theme.arxiv_ids]
    assert sorted(ids) == sorted(e.paper.arxiv_id for e in PAPERS)
    assert {tuple(sorted(t.arxiv_ids)) for t in found} == {("2501.00001", "2501.00002"), ("2501.00003", "2501.00004")}
    assert {t.name for t in found} == {"Video Generation", "LLM Agents"}
    for theme in found:
        words = theme.name.split()
        assert 2 <= len(words) <= 4 and not (len(words) == 1 and words[0].lower() in GENERIC)


def test_a_lone_paper_is_named_by_a_phrase_of_its_title_and_names_are_never_reused() -> None:
    found = themes([*PAPERS, _entry("2501.00005", "Speech Super-Resolution with Adversarial Networks", "We study audio upsampling.")])
    names = [t.name for t in found]
    assert len(names) == len(set(names))
    assert next(t.name for t in found if t.arxiv_ids == ["2501.00005"]) in ("Speech Super-Resolution", "Adversarial Networks")


@pytest.mark.parametrize(("title", "name"), [
    ("S2ORC: The Semantic Scholar Open Research Corpus", "Research Corpus"),  # not "Scholar Open"
    ("Generalizing Deep Models for Overhead Image Segmentation Through Pooling", "Image Segmentation"),  # not "Overhead Image"
])
def test_a_lone_paper_is_named_by_a_phrase_that_ends_where_its_titles_words_do(title: str, name: str) -> None:
    """Among a title's equally telling phrases, one that ends before a stopword or a mark (where an English noun
    phrase has its noun), not a fragment cut from its middle, and not the first in alphabetical order."""
    found = themes([*PAPERS, _entry("2501.00008", title, "We study it.")])
    assert next(t.name for t in found if t.arxiv_ids == ["2501.00008"]) == name


def test_a_title_in_capitals_names_its_theme_in_ordinary_case() -> None:
    found = themes([*PAPERS, _entry("2501.00006", "EDUCATIONAL TIMETABLING: PROBLEMS AND BENCHMARKS", "We survey school timetabling.")])
    assert next(t.name for t in found if t.arxiv_ids == ["2501.00006"]) == "Educational Timetabling"
    found = themes([*PAPERS, _entry("2501.00007", "DEEP LEARNING FOR SCHOOL TIMETABLES", "We apply deep learning to timetables.")])
    assert next(t.name for t in found if t.arxiv_ids == ["2501.00007"]) == "School Timetables"  # "deep learning" names no theme


def test_what_makes_a_paper_a_survey_names_no_theme() -> None:
    surveys = [
        _entry("2501.00008", "Vision-and-Language Navigation: A Survey of Tasks, Methods, and Future Directions", "We review navigation agents and outline future directions."),
        _entry("2501.00009", "Autonomous Agents in Chemistry: Recent Advances and Future Directions", "We review chemistry agents and future directions."),
        _entry("2501.00010", "Molecular Prediction Models: Open Problems and Future Directions", "We discuss explanations of molecular prediction models and future directions."),
    ]  # fmt: skip
    names = {t.name for t in themes([*PAPERS, *surveys])}
    assert not names & {"Future Directions", "Future directions", "Recent Advances", "Open Problems"}
    assert {"Vision-and-Language Navigation", "Autonomous Agents", "Molecular Prediction Models"} & names


def test_papers_whose_titles_share_nothing_are_named_by_what_their_abstracts_share_not_by_one_title() -> None:
    found = themes([
        *PAPERS[:2],
        _entry("2501.00006", "Bootstrapping Reasoning With Reasoning", "We train a reasoner with retrieval augmented decoding over documents."),
        _entry("2501.00007", "Improving Models by Retrieving Tokens", "Retrieval augmented decoding over trillions of documents."),
    ])  # fmt: skip
    named = {tuple(sorted(t.arxiv_ids)): t.name for t in found}
    assert named[("2501.00006", "2501.00007")] == "Retrieval augmented decoding"


def test_papers_that_share_no_phrase_are_no_theme() -> None:
    found = themes([
        _entry("1706.03762", "Attention Is All You Need", "Self attention replaces recurrence for machine translation. Machine translation improves."),
        _entry("2205.14135", "FlashAttention: Fast Exact Attention", "Exact attention with tiling reads less memory than standard attention."),
    ])  # fmt: skip
    assert sorted((t.arxiv_ids, t.name) for t in found) == [(["1706.03762"], "Machine translation"), (["2205.14135"], "Exact Attention")]


@pytest.mark.parametrize("days", [["2025-01-20", "2025-01-21", "2025-01-22", "2025-01-23", "2025-01-24"],
                                  ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"], ["2025-10-20", "2025-10-21", "2025-10-22"]])
def test_most_papers_of_a_theme_use_its_name(corpus: Path, days: list[str]) -> None:
    """A recorded HF week's themes: a theme of several papers is named by a phrase at least half of them write (the
    replay week once had "Reinforcement Learning" over 13 papers, 4 of which say it, and "Diffusion Models" over 10)."""
    papers = [p for d in days for p in read_daily((corpus / f"hf_daily_papers/daily_papers_{d}.json").read_bytes(), dt.date.fromisoformat(d))[0]]
    entries = [PaperEntry(paper=p, selection=Selection(arxiv_id=p.arxiv_id)) for p in {p.arxiv_id: p for p in papers}.values()]
    phrases = {doc.arxiv_id: doc.phrases for doc in _docs(entries)}
    found = themes(entries)
    assert sorted(a for t in found for a in t.arxiv_ids) == sorted(e.paper.arxiv_id for e in entries)
    shared = [t for t in found if len(t.arxiv_ids) > 1]
    assert shared and len(found) <= len(entries) // 2  # still themes, not a list of papers
    for theme in shared:
        using = [a for a in theme.arxiv_ids if theme.name.lower() in phrases[a]]
        assert 2 * len(using) >= len(theme.arxiv_ids), (theme.name, len(using), len(theme.arxiv_ids))


def test_chinese_reports_describe_themes_in_chinese() -> None:
    assert all("篇论文" in t.summary or t.summary == "一篇论文。" for t in themes(PAPERS, "zh"))


def _summary(contribution: str, *results: str) -> Summary:
    return Summary(contribution=Claim(text=contribution), experiments=[Claim(text=r) for r in results])


def test_a_table_row_takes_task_data_metric_and_number_from_the_result_sentences() -> None:
    summary = _summary(
        "We propose the Transformer for machine translation.",
        "The Transformer reaches higher quality.",
        "Our model achieves 28.4 BLEU on the WMT 2014 English-to-German translation task.",
    )
    row = table_row(PAPERS[3], summary, "LLM Agents")  # a title without a task word
    assert (row.task, row.data, row.metric) == ("machine translation", "WMT 2014 English-to-German", "BLEU")
    assert row.result == "Our model achieves 28.4 BLEU on the WMT 2014 English-to-German translation task."
    claim = _entry("2501.00005", "Attention Is All You Need", "Some abstract.")  # a title that names no task or topic
    assert table_row(claim, _summary("We study things."), "LLM Agents").task == "LLM Agents"


@pytest.mark.parametrize(
    ("sentences", "headline", "data", "metric"),
    [
        (  # the headline is a number with its measure, not the first number
            ["We present a residual learning framework.", "On the ImageNet dataset we evaluate residual nets with a depth of up to 152 layers.",
             "An ensemble of these residual nets achieves 3.57% error on the ImageNet test set."],
            2, "ImageNet", "error",
        ),
        (  # its test set named after "for" is the row's data, not a dataset another result names
            ["We introduce FooSearch, a paper search agent.",
             "Specifically, for ScholarQA test set, FooSearch achieves a 34.05% improvement in Recall@20 over Google.",
             "On RealQuery, FooSearch also finds more papers."],
            1, "ScholarQA", "Recall@20",
        ),
    ],
)
def test_the_row_is_the_headlines_number_data_and_measure(sentences: list[str], headline: int, data: str, metric: str) -> None:
    row = table_row(PAPERS[3], _summary(*sentences))
    assert (row.result, row.data, row.metric) == (sentences[headline], data, metric)


def test_the_headline_stands_on_its_own_when_the_paper_says_one_that_does() -> None:
    summary = _summary(
        "We introduce FooSearch, a paper search agent.",
        "It also exceeds FooSearch-Large by 30.36% in recall.",  # leans on a sentence the table does not show
        "FooSearch achieves a 34.05% improvement in Recall@20 on the ScholarQA test set.",
    )
    assert table_row(PAPERS[3], summary).result == "FooSearch achieves a 34.05% improvement in Recall@20 on the ScholarQA test set."
    alone = _summary("We introduce FooSearch.", "It exceeds FooSearch-Large by 30.36% in recall.")
    assert table_row(PAPERS[3], alone).result == "It exceeds FooSearch-Large by 30.36% in recall."  # the only one there is


def test_where_the_sentences_name_no_data_or_metric_the_result_tables_captions_do() -> None:
    tables = [
        Figure(name="Table 1", type="table", caption="Table 1: Hyper-parameters used for the BarSet experiments."),  # setup, no result
        Figure(name="Table 2", type="table", caption="Table 2: Results on Foo-ImageNet. Both MAML results are from [4]."),
        Figure(name="Table 3", type="table", caption="Table 3: Test accuracy for additional classification tasks."),
    ]
    entry = PAPERS[3].model_copy(update={"parsed": ParsedPaper(source="pdf", figures=tables)})
    row = table_row(entry, _summary("We introduce FooNet.", "FooNet learns faster than its baselines."))
    assert (row.data, row.metric) == ("Foo-ImageNet", "accuracy")
    said = table_row(entry, _summary("We introduce FooNet.", "FooNet reaches 31.2 BLEU on the WMT 2014 English-German task."))
    assert (said.data, said.metric) == ("WMT 2014 English-German", "BLEU")  # the headline's own come first
    paired = Figure(name="Table 4", type="table", caption="Table 4: Perplexities on BazText103. Lower is better.")
    entry = PAPERS[3].model_copy(update={"parsed": ParsedPaper(source="pdf", figures=[*tables, paired])})
    row = table_row(entry, _summary("We introduce FooNet.", "FooNet learns faster than its baselines."))
    assert (row.data, row.metric) == ("BazText103", "Perplexities")  # a caption naming both: a measure of that data
    unread = table_row(PAPERS[3], _summary("We introduce FooNet."))  # no full text, no sentence: nothing to say
    assert (unread.data, unread.metric) == ("", "")


@pytest.mark.timeout(30)  # a name that could be cut many ways once took minutes to fail on one long caption
@pytest.mark.parametrize("caption", ["Results in " + "A" * 100_000, "Results on " + "Ab" * 50_000, "Results " + "for Ab-" * 20_000])
def test_a_hostile_caption_gives_no_data_and_no_hang(caption: str) -> None:
    parsed = ParsedPaper(source="pdf", figures=[Figure(name="Table 1", type="table", caption=caption)])
    row = table_row(PAPERS[3].model_copy(update={"parsed": parsed}), _summary("We introduce FooNet."))
    assert (row.data, row.metric) == ("", "")


def test_every_listed_paper_gets_a_line_its_own_or_hfs_labelled_as_such() -> None:
    assert one_line(PAPERS[2]).text == "We introduce LLM agents that search papers with tools."
    hf = _entry("2501.00009", "A Title", "Memory matters. Retrieval is slow.", ai_summary="A new memory system makes agents faster.")
    assert (one_line(hf).text, one_line(hf).source) == ("A new memory system makes agents faster.", "hf")
    assert one_line(_entry("2501.00010", "A Title", "Memory matters.")) is None


def test_compare_themes_all_listed_papers_and_rows_only_the_analysed_selected_ones() -> None:
    entries = [e.model_copy(deep=True) for e in PAPERS]
    entries[0].selection.selected = True
    entries[0].analysis = Analysis(engine="extractive", summary=_summary("We propose a model.", "It reaches 90% accuracy on VBench."))
    comparison = compare(entries)
    assert sum(len(t.arxiv_ids) for t in comparison.themes) == 4
    assert [(r.arxiv_id, r.data, r.metric) for r in comparison.table] == [("2501.00001", "VBench", "accuracy")]
    assert comparison.overview.startswith("4 papers listed, 1 read in depth, in 2 themes:")
    assert compare(entries[:1]).overview.startswith("1 paper listed, 1 read in depth, in 1 theme: ")


def test_the_title_names_the_task_when_it_has_one() -> None:
    assert table_row(PAPERS[0], _summary("We propose the Transformer for machine translation."), "x").task == "Long Video Generation"


@pytest.mark.parametrize(
    ("title", "task"),
    [("Deep Residual Learning for Image Recognition", "Image Recognition"),
     ("We find that instruction fine-tuning helps", "instruction fine-tuning"),
     ("Experiments on two machine translation tasks", "machine translation"),
     ("Primer: Searching for Efficient Transformers for Language Modeling", "Language Modeling"),
     ("To bootstrap the ability to perform successively more complex reasoning", "complex reasoning")],
)
def test_the_task_is_the_words_just_before_its_noun(title: str, task: str) -> None:
    assert table_row(_entry("2501.00011", title, "Some abstract."), _summary("We study things."), "x").task == task


def test_a_task_noun_alone_names_no_task() -> None:
    """"Retrieval" or "Generation" alone says nothing in a table: the next source names the task."""
    entry = _entry("2501.00012", "Retrieval at Scale", "Some abstract.")
    assert table_row(entry, _summary("We study dense passage retrieval for open-domain questions."), "x").task == "dense passage retrieval"


@pytest.mark.parametrize(
    ("title", "topic"),
    [("PATHS: A Hierarchical Transformer for Efficient Whole Slide Image Analysis", "Efficient Whole Slide Image Analysis"),
     ("FooNet -- Robust Layerwise Scaling Rules via Weight Decay", "Robust Layerwise Scaling Rules"),
     ("Towards Automating Software Feature Integration with LLMs", "Automating Software Feature Integration"),
     ("Can LLMs plan paths in the real world?", ""),  # a question
     ("Attention Is All You Need", ""),  # a claim
     ("FooBench: A Survey of Table Parsers", ""),  # a genre
     ("PaperFoo", "")],  # a name
)
def test_a_title_without_a_task_word_gives_its_topic(title: str, topic: str) -> None:
    assert title_topic(title) == topic
    assert table_row(_entry("2501.00013", title, "Some abstract."), _summary("We study things."), "Theme Name").task == (topic or "Theme Name")


@pytest.mark.parametrize(
    ("title", "abstract", "data"),
    [("FooBench: Measuring Table Parsing", "We introduce FooBench, a comprehensive benchmark of 1,000 tables. Models score 40%.", "FooBench"),
     ("FooBench: Measuring Table Parsing", "We release a new dataset called FooBench.", "FooBench"),
     ("FooNet: Fast Table Parsing", "FooNet outperforms strong baselines on five benchmarks.", ""),  # a model, not a benchmark
     ("Fast Table Parsing", "We introduce a benchmark of 1,000 tables.", "")],  # no name
)
def test_a_benchmark_paper_reports_on_the_benchmark_it_introduces(title: str, abstract: str, data: str) -> None:
    entry = _entry("2501.00014", title, abstract)
    assert table_row(entry, _summary("We study things.", "Models score 40% at best.")).data == data


def test_a_normalized_score_is_a_metric() -> None:
    summary = _summary("We present FooZero.", "FooZero achieved 731% median normalized score across the 57 games.")
    assert table_row(PAPERS[3], summary).metric == "normalized score"


def test_the_metric_is_one_a_reported_number_is_measured_in() -> None:
    """'Controlling for inference cost, we find that ...' names a measure no number of the paper's is given in: the
    metric of '98% of the problem instances' is not cost."""
    summary = _summary(
        "We explore an evolutionary search strategy.",
        "Controlling for inference cost, we find that FooEvolve outperforms Best-of-N in planning tasks.",
        "In the TravelPlanner benchmark, FooEvolve solves more than 98% of the problem instances.",
    )
    row = table_row(PAPERS[3], summary)
    assert (row.data, row.metric, row.result) == ("TravelPlanner", "", summary.experiments[1].text)
