"""What the history adds to reports, trends pages and the site, with hostile names from papers and models."""

from __future__ import annotations

import datetime as dt

from records import entry, paper, report

from paperdigest.models import Change, HistoryNotes, PreviousReport, ReadBefore, UpdatedPaper
from paperdigest.render import render_document
from paperdigest.render.trends import write_trends
from paperdigest.settings import Settings
from paperdigest.site import build_site, index_markdown
from paperdigest.trends import compute

HOSTILE = '<img src=x onerror="window.__pwned=1"> $\\alpha$ [link](javascript:alert(1))'


def noted_report():
    rep = report("2025-01-27", "2025-02-02", [paper("n1", version=3, title="Now v3"), paper("r1", title=HOSTILE)],
                 read=1, themes={HOSTILE: ["n1"]}, command="week")
    when = dict(report_start=dt.date(2025, 1, 20), report_end=dt.date(2025, 1, 26), report_id="week-2025-01-20")
    rep.history = HistoryNotes(
        already_read=[ReadBefore(arxiv_id="r1", title=HOSTILE, link="javascript:alert(1)", **when)],
        updated=[UpdatedPaper(arxiv_id="n1", version=1, new_version=3, title="Then v1", new_title="Now v3",
                              abstract_changed=True, link="file:///reports/week-2025-01-20/report.md", **when)],
        previous=PreviousReport(report_id="week-2025-01-20", start=dt.date(2025, 1, 20), end=dt.date(2025, 1, 26),
                                link="file:///reports/week%20one/report.md", papers=Change(name="papers", before=31, after=2),
                                selected=Change(name="selected", before=5, after=1),
                                themes=[Change(name=HOSTILE, before=0, after=1)], listed_again=["n1"]),
    )
    return rep


def test_weekly_report_says_what_was_read_updated_and_how_it_compares():
    text = render_document(noted_report(), "md", Settings())
    previous = text.split("### Compared with the previous report", 1)[1].split("###", 1)[0]
    assert "Against the report of [2025-01-20 to 2025-01-26](file:///reports/week%20one/report.md): 31 → 2 papers listed, 5 → 1 read in depth, 1 listed in both." in previous
    updated = text.split("### Updated since you read it", 1)[1].split("###", 1)[0]
    assert "arXiv:n1 v1 → v3 (read in the report of [2025-01-20 to 2025-01-26](file:///reports/week-2025-01-20/report.md))" in updated
    assert "new title: *Now v3*. The abstract changed. Its analysis below is of the new version." in updated
    already = text.split("### Already read", 1)[1].split("\n## ", 1)[0]
    assert "arXiv:r1: read in the report of 2025-01-20 to 2025-01-26" in already and "javascript" not in already.split("read in")[1]


def test_hostile_names_stay_text_in_the_html_report():
    page = render_document(noted_report(), "html", Settings())
    assert "<img src=x" not in page and "&lt;img src=x onerror" in page
    assert 'href="javascript' not in page


def test_trends_markdown_with_png_charts_and_html_with_inline_svg(tmp_path):
    first = report("2025-01-20", "2025-01-26", [paper("a", title="Agent planning")], read=1, themes={HOSTILE: ["a"]})
    second = report("2025-01-27", "2025-02-02", [paper("b", title="Agent memory")], read=1, themes={"Memory": ["b"]})
    trends = compute([entry(first), entry(second)])
    md_path = write_trends(trends, tmp_path / "md", "md", Settings())
    text = md_path.read_text()
    assert "![Papers per theme](trends-themes.png)" in text and "| Memory | 0 | 1 | +1 |" in text
    assert (tmp_path / "md" / "trends-themes.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = write_trends(trends, tmp_path / "html", "html", Settings()).read_text()
    svg = page.split('<figure class="chart" id="trends-themes">', 1)[1].split("</svg>", 1)[0]
    assert "2025-01-20 to 2025-01-26" in svg and "&lt;img src=x" in svg and "<img" not in page
    assert "<script" not in page


def test_site_links_reports_to_their_pages_and_drops_links_to_reports_it_does_not_have(tmp_path):
    earlier = entry(report("2025-01-20", "2025-01-26", [paper("r1")], read=1, command="week"), written_to=None)
    later = entry(noted_report(), written_to=None)
    site = build_site([earlier, later], tmp_path / "site", Settings())
    assert sorted(p.name for p in site.written) == ["feed.xml", "index.html", "trends.html", "week-2025-01-20.html", "week-2025-01-27.html"]
    page = (tmp_path / "site" / "week-2025-01-27.html").read_text()
    assert 'Against the report of <a href="week-2025-01-20.html">' in page and "file://" not in page
    alone = build_site([later], tmp_path / "alone", Settings())
    assert site.warnings == alone.warnings == []
    page = (tmp_path / "alone" / "week-2025-01-27.html").read_text()
    assert "Against the report of 2025-01-20 to 2025-01-26:" in page and "week-2025-01-20.html" not in page
    index = index_markdown([earlier, later])
    assert index.index("week-2025-01-27.html") < index.index("week-2025-01-20.html")
    assert "\\<img src=x" in index or "&lt;img" in index


def test_every_template_lists_what_was_read_before():
    rep = noted_report()
    for template in ("weekly", "daily", "digest", "list"):
        rep.params.template = template
        text = render_document(rep, "md", Settings())
        assert "### Already read" in text and "### Updated since you read it" in text, template
        assert "### Compared with the previous report" in text, template


def test_feed_links_are_absolute_with_a_base_url():
    import feedparser

    from paperdigest.site import feed_xml

    entries = [entry(report("2025-01-20", "2025-01-26", [paper("a")], read=1, themes={HOSTILE: ["a"]}, command="week"))]
    feed = feedparser.parse(feed_xml(entries, "https://example.org/digest/"))
    assert not feed.bozo and [e.link for e in feed.entries] == ["https://example.org/digest/week-2025-01-20.html"]
    assert HOSTILE in feed.entries[0].summary_detail.value and feed.entries[0].summary_detail.type == "text/plain"


def test_report_links_allow_relative_report_files_and_file_uris_only():
    from paperdigest.render.markdown import report_link

    assert report_link("../week 2025-01-20/report.md") == "../week%202025-01-20/report.md"
    assert report_link("week-2025-01-20.html") == "week-2025-01-20.html"
    assert report_link("file:///r/a%20b/report.json") == "file:///r/a%20b/report.json"
    for bad in ("javascript:alert(1)", "https://evil.example/x.html", "../x/report.md)", "/etc/passwd", "data:text/html,x", None):
        assert report_link(bad) == "", bad
