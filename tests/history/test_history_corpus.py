"""The issue's acceptance on the recorded corpus, in one process: three reports into one history, a site of
them (in headless Chromium when installed), a rerun that replaces its entry, a report that skips what was read,
and trends whose rising and fading agree with their counts."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import CHROMIUM, Browser, console_or_dialogs, requests_of
from typer.testing import CliRunner

from paperdigest.cli import app

pytestmark = pytest.mark.corpus
LINKS = """JSON.stringify({
  scripts: document.scripts.length,
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  charts: [...document.querySelectorAll('figure.chart svg')].map(s => s.getBoundingClientRect().width),
})"""


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory):
    base = tmp_path_factory.mktemp("history")
    (base / "config.toml").write_text("")
    env = {k: None for k in os.environ if k.startswith("PAPERDIGEST_") or k.endswith("_API_KEY")} | {
        "PAPERDIGEST_CONFIG": str(base / "config.toml"), "PAPERDIGEST_CACHE_DIR": str(base / "cache"),
        "PAPERDIGEST_HISTORY_DIR": str(base / "history"), "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    }
    replay = ["--source", "hf", "--replay", str(corpus / "replay.tsv"), "-q"]

    def cli(*args):
        return CliRunner().invoke(app, [str(a) for a in args], env=env)

    done = {
        "week": cli("week", "2025-01-20", *replay, "--out", base / "week"),
        "march": cli("range", "2025-03-10", "2025-03-14", *replay, "-f", "html", "--out", base / "march"),
        "october": cli("range", "2025-10-20", "2025-10-22", *replay, "-f", "json", "--out", base / "october"),
        "site": cli("site", base / "site"),
        "again": cli("week", "2025-01-20", *replay, "-f", "json", "--out", "-"),
        "listed": cli("history", "list", "-f", "json"),
        "skip": cli("range", "2025-01-20", "2025-01-24", *replay, "-f", "json", "--out", "-"),
        "skip_md": cli("history", "show", "range-2025-01-20-2025-01-24", "-f", "md"),
        "trends": cli("trends", "-f", "json"),
        "week_after": cli("week", "2025-01-20", *replay, "-f", "json", "--out", "-"),
        "unkept": cli("range", "2025-01-21", "2025-01-22", *replay, "--no-history", "-f", "json", "--out", "-"),
    }
    (base / "history" / "day-2025-02-03.json").write_text('{"id": "day-2025-02-03", "report": ')
    done["corrupt"] = cli("history", "list", "-f", "json")
    done["rm_bad"] = cli("history", "rm", "../config")
    done["rm"] = cli("history", "rm", "range-2025-01-20-2025-01-24")
    done["after_rm"] = cli("history", "list")
    done["past_corrupt"] = cli("range", "2025-03-10", "2025-03-14", *replay, "-f", "json", "--out", "-")
    shutil.rmtree(base / "history")
    done["without_folder"] = cli("range", "2025-03-10", "2025-03-14", *replay, "-f", "json", "--out", "-")
    done["new_history"] = cli("history", "list", "-f", "json")
    return base, done


def _doc(result) -> dict:
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)


def test_the_three_reports_ran_and_the_site_was_built(runs):
    base, done = runs
    assert [done[k].exit_code for k in ("week", "march", "october")] == [3, 3, 3]
    assert done["site"].exit_code == 0, done["site"].output
    assert "wrote 6 files" in done["site"].stderr


def test_index_lists_exactly_the_three_reports_newest_first(runs):
    base, _ = runs
    index = (base / "site" / "index.html").read_text()
    pages = re.findall(r'<a href="((?:week|range)-[\d-]+\.html)">', index)
    assert pages == ["range-2025-10-20-2025-10-22.html", "range-2025-03-10-2025-03-14.html", "week-2025-01-20.html"]
    assert all((base / "site" / page).is_file() for page in pages)
    assert "<td>31</td>" in index and "<td>98</td>" in index and "<td>69</td>" in index


def test_feed_has_one_entry_per_report_linking_inside_the_site(runs):
    import feedparser

    base, _ = runs
    feed = feedparser.parse((base / "site" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) == 3
    for item in feed.entries:
        assert (base / "site" / item.link).is_file() and not Path(item.link).is_absolute()
        assert re.match(r"\d+ papers, 5 read in depth\.", item.summary) and item.title.startswith("Research papers, 2025-")
    assert [item.link for item in feed.entries][-1] == "week-2025-01-20.html"


def test_trends_page_charts_the_three_periods(runs):
    base, _ = runs
    page = (base / "site" / "trends.html").read_text()
    charts = re.findall(r'<figure class="chart" id="[\w-]+">\s*<svg.*?</svg>', page, re.S)
    assert len(charts) == 2
    for label in ("2025-01-20 to 2025-01-26", "2025-03-10 to 2025-03-14", "2025-10-20 to 2025-10-22"):
        assert all(label in chart for chart in charts)
    assert "<script" not in page and 'http-equiv="Content-Security-Policy"' in page
    assert '<a href="index.html">3 reports</a> in the history.' in page


def test_a_later_report_compares_itself_with_the_previous_one(runs):
    base, _ = runs
    march = (base / "site" / "range-2025-03-10-2025-03-14.html").read_text()
    assert "Compared with the previous report" in march
    assert re.search(r'Against the report of <a href="week-2025-01-20\.html">2025-01-20 to 2025-01-26</a>: 31 → 98 papers listed', march)
    written = (base / "march" / "report.html").read_text()  # as first written: a relative link to the week's file
    assert '<a href="../week/report.md">2025-01-20 to 2025-01-26</a>' in written and "file://" not in written
    assert "Compared with the previous report" not in (base / "week" / "report.md").read_text()


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian: apt-get install -y chromium)")
def test_every_page_loads_in_chromium_without_errors_and_every_internal_link_resolves(runs, tmp_path):
    base, _ = runs
    site = base / "site"
    browser = Browser(tmp_path / "profile")
    followed = set()
    try:
        for page in sorted(site.glob("*.html")):
            probe, events = browser.load(page.as_uri(), LINKS)
            urls, failed = requests_of(events)
            assert failed == [] and console_or_dialogs(events) == [] and probe["scripts"] == 0, page.name
            assert [u for u in urls if not u.startswith("data:")] == [page.as_uri()], page.name
            for href in probe["links"]:
                target = urlsplit(href)
                if target.scheme in ("http", "https"):
                    continue
                assert not target.scheme and not target.netloc, (page.name, href)
                if target.path:
                    assert (site / unquote(target.path)).is_file(), (page.name, href)
                    followed.add(target.path)
                else:
                    assert unquote(target.fragment) in probe["ids"], (page.name, href)
            if page.name == "trends.html":
                assert len(probe["charts"]) == 2 and all(width > 100 for width in probe["charts"])
    finally:
        browser.close()
    assert followed == {"week-2025-01-20.html", "range-2025-03-10-2025-03-14.html", "range-2025-10-20-2025-10-22.html", "trends.html", "feed.xml", "index.html"}


def test_rerunning_the_week_replaces_its_entry_and_recomputes_nothing(runs):
    _, done = runs
    listed = _doc(done["listed"])
    assert sorted(e["id"] for e in listed) == ["range-2025-03-10-2025-03-14", "range-2025-10-20-2025-10-22", "week-2025-01-20"]
    again = _doc(done["again"])
    assert all(s["computed"] == 0 for s in again["stages"].values()), again["stages"]
    assert again["history"]["already_read"] == [] and again["history"]["previous"] is None
    assert len([p for p in again["papers"] if p["selection"]["selected"]]) == 5


def test_a_range_over_the_read_week_reads_none_of_its_papers_and_says_so_for_each(runs):
    _, done = runs
    week = {p["paper"]["arxiv_id"] for p in _doc(done["again"])["papers"] if p["selection"]["selected"]}
    skip = _doc(done["skip"])
    selected = {p["paper"]["arxiv_id"] for p in skip["papers"] if p["selection"]["selected"]}
    assert len(selected) == 5 and not selected & week
    notes = skip["history"]["already_read"]
    assert {n["arxiv_id"] for n in notes} == week
    assert all(n["report_id"] == "week-2025-01-20" and n["link"].startswith("file://") for n in notes)
    markdown = done["skip_md"].stdout
    section = markdown.split("### Already read", 1)[1].split("\n## ", 1)[0]
    for arxiv_id in week:
        assert re.search(rf"arXiv:{re.escape(arxiv_id)}(v\d+)?: read in the report of \[2025-01-20 to 2025-01-26\]\(file://", section)
    # The week again, after the range: it reads what it read, and still recomputes nothing.
    after = _doc(done["week_after"])
    assert {p["paper"]["arxiv_id"] for p in after["papers"] if p["selection"]["selected"]} == week
    assert after["history"]["already_read"] == [] and all(s["computed"] == 0 for s in after["stages"].values())


def test_no_history_neither_consults_nor_keeps_it(runs):
    base, done = runs
    unkept = _doc(done["unkept"])
    assert unkept["history"] == {"already_read": [], "updated": [], "previous": None}
    assert sum(p["selection"]["selected"] for p in unkept["papers"]) == 5
    assert not (base / "history" / "range-2025-01-21-2025-01-22.json").exists()


def test_trends_json_rising_and_fading_agree_with_the_counts(runs):
    _, done = runs
    trends = _doc(done["trends"])
    assert [p["id"] for p in trends["periods"]] == [
        "range-2025-01-20-2025-01-24", "week-2025-01-20", "range-2025-03-10-2025-03-14", "range-2025-10-20-2025-10-22",
    ]
    assert [p["papers"] for p in trends["periods"]] == [31, 31, 98, 69]
    before, after = (next(p for p in trends["periods"] if p["id"] == i) for i in trends["compared"])
    assert after["id"] == "range-2025-10-20-2025-10-22"
    for kind in ("themes", "terms"):
        assert trends[f"rising_{kind}"] or trends[f"fading_{kind}"]
        for change in trends[f"rising_{kind}"]:
            assert change["before"] == before[kind].get(change["name"], 0) < change["after"] == after[kind][change["name"]]
        for change in trends[f"fading_{kind}"]:
            assert change["before"] == before[kind][change["name"]] > change["after"] == after[kind].get(change["name"], 0)
    assert any(r["arxiv_id"] == "2501.10120" for r in trends["returning_papers"])


def test_a_corrupt_entry_is_a_warning_and_the_others_are_listed(runs):
    _, done = runs
    assert done["corrupt"].exit_code == 0
    assert len(_doc(done["corrupt"])) == 4
    assert "warning: history entry day-2025-02-03.json skipped" in done["corrupt"].stderr


def test_history_rm_forgets_one_report_and_refuses_paths(runs):
    base, done = runs
    assert done["rm_bad"].exit_code == 2 and "no history entry '../config'" in done["rm_bad"].stderr
    assert (base / "config.toml").is_file()
    assert done["rm"].exit_code == 0 and not (base / "history" / "range-2025-01-20-2025-01-24.json").exists()
    table = done["after_rm"].stdout
    assert "week-2025-01-20" in table and "range-2025-03-10-2025-03-14" in table and "range-2025-01-20-2025-01-24" not in table


def test_a_corrupt_entry_or_a_deleted_folder_costs_that_entry_only(runs):
    _, done = runs
    past = done["past_corrupt"]
    assert "warning: history: history entry day-2025-02-03.json skipped" in past.stderr
    assert _doc(past)["history"]["previous"]["report_id"] == "week-2025-01-20"
    gone = done["without_folder"]
    assert _doc(gone)["history"]["previous"] is None and sum(p["selection"]["selected"] for p in _doc(gone)["papers"]) == 5
    assert [e["id"] for e in _doc(done["new_history"])] == ["range-2025-03-10-2025-03-14"]
