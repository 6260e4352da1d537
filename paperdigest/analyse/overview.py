"""The cross-paper parts the extractive engine writes: themes and the comparison table.

Pure functions of the records. The table's cells are words taken from the paper's own result sentences (a metric
name, a benchmark name, the sentence with the headline number), else from its result tables' captions, else (data) the
benchmark its title introduces; where a paper does not say, the cell stays empty. The task is the paper's own phrase
(its title's, its contribution's, its title's topic, its results'), and its theme's name only when it has none.
"""

from __future__ import annotations

import re

from paperdigest.analyse.themes import themes
from paperdigest.models import Comparison, ComparisonRow, Paper, PaperEntry, ParsedPaper, Summary
from paperdigest.wording import measured

_METRIC = re.compile(
    r"\b(accuracy|F1(?: score)?|BLEU|ROUGE(?:-\w+)?|recall(?:@\d+)?|precision(?:@\d+)?|success rate|win[- ]rate|pass@\d+|FID|FVD|PSNR|SSIM|LPIPS|mAP|"
    r"exact match|perplexit(?:y|ies)|latency|throughput|speed-?up|error rate|(?<=%\s)error|WER|CER|AUC|top-1(?: accuracy)?|top-5(?: error)?|EM|nDCG(?:@\d+)?|"
    r"MRR|Elo|(?:human[- ])?normali[sz]ed score|reward|compression(?: ratio)?|tokens? usage|cost|runtime|memory)\b",
    re.I,
)
# "on DailyOmni", "on the WMT 2014 English-to-German translation task", "In the TravelPlanner ... benchmarks", "for
# AutoScholarQuery test set".
# A name is a capitalised word with another capital or a digit in it, then the capitalised words or numbers after it;
# each word is taken whole and never given back (a caption of 100,000 capitals once took minutes to fail "in ...").
_NAME = r"((?=[A-Z][\w.+-]*[A-Z0-9])[A-Z][\w.+-]*+(?:[ -][A-Z0-9][\w.+-]*+)*+)"
_DATA = re.compile(rf"\b(?:[Oo]n|[Aa]cross) (?:the )?{_NAME}|\b(?:[Ii]n|[Ff]or) (?:the )?{_NAME}(?= (?:and [^.]{{0,40}})?(?:benchmark|dataset|test set|suite))")
_TASK = re.compile(
    r"\b((?:[\w-]+ ){0,3}(?:translation|classification|generation|retrieval|search|question answering|reasoning|segmentation|"
    r"detection|editing|forecasting|recognition|summari[sz]ation|captioning|understanding|reconstruction|planning|alignment|"
    r"fine-tuning|pre-?training|parsing|tracking|synthesis|modell?ing))\b(?: tasks?| benchmarks?)?",
    re.I,
)
_TASK_STOP = re.compile(
    r"^(?:(?:the|a|an|of|for|on|in|and|to|with|our|its|their|we|that|this|both|end|enables?|supports?|achieves?|improves?|"
    r"explores?|stud(?:y|ies)|propose[sd]?|introduces?|presents?|develops?|evaluat(?:e|es|ing)|measur(?:e|es|ing)|models?|"
    r"advanced|novel|new|two|three|four|five|several|multiple|various|different|more|less|most|successively|increasingly)\s+)+",
    re.I,
)
# "It also exceeds PaSa-GPT-4o by 30.36%": a sentence that leans on the one before it says nothing alone in a table.
_LEANS_BACK = re.compile(r"^(It|Its|They|Their|He|She)\b")
# The task is the words just before its noun: "Deep Residual Learning for Image Recognition" -> "Image Recognition",
# "we find that pre-training" -> "pre-training".
_BEFORE_TASK = re.compile(r"^.*\b(?:for|by|with|and|or|of|to|in|on|from|via|using|through|under|at|the|an?|that|this|these|which|is|are)\s+", re.I)
# A title's topic when it names no task word: "PATHS: A Hierarchical Transformer for Efficient Whole Slide Image
# Analysis" -> "Efficient Whole Slide Image Analysis". The part after a name's colon, what follows its last "for", cut
# before how it is done ("with/via/using ..."); a question, a claim ("Attention Is All You Need") or a genre ("A
# Survey of ...") names none.
_TITLE_PARTS = re.compile(r"\s*(?::|\s--?\s|\s—\s|\?)\s*")
_HOW = re.compile(r"\s+(?:with|via|using|by|through|from|based on|without|under)\s+.*$", re.I)
_LEADING = re.compile(r"^(?:(?:a|an|the|on|towards?)\s+)+", re.I)
_NO_TOPIC = re.compile(
    r"^(?:an? |the )?(?:survey|review|study|case study|benchmark|dataset|toolkit|framework|perspective|tutorial|overview|problems|lessons|"
    r"systematic|comprehensive)\b|^(?:can|should|does|do|is|are|how|what|why|when|which|where|who)\b|\b(?:is|are)\b",
    re.I,
)


# A result table's caption names what was measured and on what ("Results on Mini-ImageNet.", "Perplexities on
# Wikitext103."); a setup table's ("Hyper-parameters used for bAbI experiments.", "Statistics of the datasets") does not
# report a result.
_RESULT_TABLE = re.compile(r"\b(results?|performance|accuracy|error|perplexit(y|ies)|evaluation|comparison|comparing|scores?)\b", re.I)
_SETUP_TABLE = re.compile(r"\b(hyper-?parameters?|statistics|search space|options|splits?|rubrics?|number of (training|parameters)|sample\b)", re.I)


def caption_facts(parsed: ParsedPaper | None) -> tuple[str, str]:
    """(data, metric) from the captions of the paper's result tables: both from the first caption that names both
    ("Perplexities on Wikitext103."), else each from the first that names it. A name stops at its full stop
    ("Results on Mini-ImageNet. Both MAML ...")."""
    tables = [f.caption for f in parsed.figures if f.type == "table"] if parsed else []
    captions = [re.split(r"(?<=[.;:])\s+", c) for c in tables if _RESULT_TABLE.search(c) and not _SETUP_TABLE.search(c)]
    named = [(_first(_DATA, sentences), _first(_METRIC, sentences, 0)) for sentences in captions]
    both = next(((data, metric) for data, metric in named if data and metric), None)
    return both or (next((d for d, _ in named if d), ""), next((m for _, m in named if m), ""))


_COLLECTION = r"(?:benchmarks?|datasets?|corpus|corpora|test ?bed|suite|leaderboard)"


def introduced_benchmark(paper: Paper) -> str:
    """The name a title opens with when the paper calls it a benchmark or dataset ("MMVU: Measuring ...", "We
    introduce MMVU, a comprehensive expert-level ... benchmark"): what a benchmark paper reports its results on."""
    parts = _TITLE_PARTS.split(paper.title.strip())
    if len(parts) < 2 or len(parts[0].split()) != 1:
        return ""
    name = re.escape(parts[0])
    called = re.compile(
        rf"\b{name}\b(?:\s*\([^)]*\))?,?\s+(?:(?:is\s+)?(?:an?|the|our)\s+[^.,;]{{0,80}}?\b{_COLLECTION}\b|{_COLLECTION}\b)"
        rf"|\b{_COLLECTION},?\s+(?:called |named |dubbed |termed )?{name}\b",
        re.I,
    )
    return parts[0] if called.search(f"{paper.abstract} {paper.title}") else ""


def _is_name(words: list[str]) -> bool:
    """One word, or two with a capital or digit inside one ("PaSa", "ZeRO", "S2ORC", "CoRe^2 X"): a name, no topic."""
    return len(words) == 1 or len(words) == 2 and any(re.search(r"[a-z][A-Z]|\d", w) for w in words)


def title_topic(title: str) -> str:
    parts = [part for part in _TITLE_PARTS.split(title.strip()) if part]
    if len(parts) > 1 and _is_name(parts[0].split()):
        parts = parts[1:]
    for part in parts:
        after_for = re.search(r"\bfor\s+(.+)$", part, re.I)
        topic = _LEADING.sub("", _HOW.sub("", after_for.group(1) if after_for else part)).strip(" .,;")
        if not _NO_TOPIC.search(topic) and not _is_name(topic.split()) and len(topic.split()) <= 6:
            return topic
    return ""


def _task(texts: list[str]) -> str:
    """The first task phrase of the texts; a task noun alone ("Generation", "retrieval") names no task."""
    for match in (m for text in texts for m in _TASK.finditer(text)):
        task = _TASK_STOP.sub("", _BEFORE_TASK.sub("", match.group(1)))
        if len(task.split()) >= 2:
            return task
    return ""


def _first(pattern: re.Pattern[str], texts: list[str], group: int = 1) -> str:
    """The first match in the texts: the group asked for, else the first group that matched."""
    for match in (m for t in texts for m in [pattern.search(t)] if m):
        return (match.group(group) or next(g for g in match.groups() if g)).strip()
    return ""


def table_row(entry: PaperEntry, summary: Summary, theme: str = "") -> ComparisonRow:
    """Task, data, metric and headline result from the paper's own title and sentences; the theme when they name no
    task."""
    results = [c.text for c in summary.experiments + summary.strengths]
    numbered = sorted((t for t in results if measured(t)), key=lambda t: bool(_LEANS_BACK.match(t)))
    # The headline is a number with its measure ("achieves 3.57% error"), not the first number ("152 layers").
    headline = next((t for t in numbered if _METRIC.search(t) or "%" in t), (numbered or results or [""])[0])
    contribution = [summary.contribution.text] if summary.contribution else []
    tabled_data, tabled_metric = caption_facts(entry.parsed)
    # where the sentences do not say, the result tables do, else the benchmark the paper introduces; 80 characters of
    # capitals are no dataset's name
    data = (_first(_DATA, [headline] + numbered + results) or tabled_data or introduced_benchmark(entry.paper)).rstrip(".,;:")
    # what the paper names before what its cluster is called; a title names its task, a result sentence the tasks tried
    task = _task([entry.paper.title]) or _task(contribution) or title_topic(entry.paper.title) or _task(results) or theme
    return ComparisonRow(
        arxiv_id=entry.paper.arxiv_id,
        task=task,
        data=data if len(data) <= 80 else "",
        metric=_first(_METRIC, [headline] + numbered, 0) or tabled_metric,  # a measure some reported number is in
        result=headline,
    )


_WORDS = {
    "en": {"counts": "{listed} {papers} listed, {read} read in depth, in {themes} {theme_word}: {names}."},
    "zh": {"counts": "共列出 {listed} 篇论文，精读 {read} 篇，分为 {themes} 个主题：{names}。"},
}


def compare(entries: list[PaperEntry], lang: str = "en", listed: int | None = None) -> Comparison:
    """Themes over the given papers (the top of the ranking), a table row for every analysed selected paper;
    `listed` is how many papers the period listed in all (default: these)."""
    found = themes(entries, lang) if entries else []
    theme_of = {pid: t.name for t in found for pid in t.arxiv_ids}
    selected = [e for e in entries if e.selection.selected and e.analysis]
    names = "; ".join(f"{t.name} ({len(t.arxiv_ids)})" for t in found)
    count = listed or len(entries)
    overview = _WORDS[lang]["counts"].format(
        listed=count, papers="paper" if count == 1 else "papers", read=len(selected), themes=len(found), theme_word="theme" if len(found) == 1 else "themes", names=names
    )
    return Comparison(
        overview=overview,
        themes=found,
        table=[table_row(e, e.analysis.summary, theme_of.get(e.paper.arxiv_id, "")) for e in selected],
        outlook="",
    )
