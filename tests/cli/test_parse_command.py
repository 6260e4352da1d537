"""`paperdigest parse` on real files: a PDF and an arXiv HTML page, dispatched by content."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def parse(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "paperdigest", "parse", *args], capture_output=True, text=True, env=env, timeout=300)


def test_html_and_pdf_in_one_call(corpus, tmp_path):
    html = corpus / "arxiv_html" / "arxiv-view-as-html_sample_paper_2012.02205.html"
    pdf = corpus / "pdfs" / "1706.03762v5.pdf"
    result = parse(str(html), str(pdf), "--format", "json", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    page, paper = json.loads(result.stdout)
    assert page["metadata"]["title"].startswith("Angular momentum evolution")
    titles = [s["title"] for s in page["sections"]]
    assert titles[:4] == ["1 Introduction", "2 Methods", "3 Results", "4 Discussion"]
    assert len(page["equations"]) == 7 and page["missing_equations"] == 8
    assert [f["name"] for f in page["figures"]] == ["Table 1", "Figure 1", "Figure 2", "Figure 3", "Figure 4", "Figure 5"]
    assert "$z=0$" in page["figures"][0]["caption"].replace(" ", "")
    assert [s["title"] for s in paper["sections"]][:3] == ["Abstract", "1 Introduction", "2 Background"]
    assert len(paper["references"]) == 40
    assert all(Path(f["image"]).is_file() for f in paper["figures"])


def test_a_bad_file_fails_alone(corpus, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just notes")
    result = parse(str(bad), str(corpus / "pdfs" / "2501.10120v1.pdf"))
    assert result.returncode == 3
    bad_result, good = json.loads(result.stdout)
    assert bad_result == {"file": "notes.txt", "error": "notes.txt: neither a PDF nor an HTML file"}
    assert good["metadata"]["arxiv_id"] == "2501.10120"
    assert "paperdigest: error: notes.txt" in result.stderr


def test_parse_has_the_report_commands_time_limit(corpus, tmp_path):
    """Issue 14.9: `parse` ran in the CLI's own process without a time limit."""
    stuck = tmp_path / "stuck.pdf"
    os.mkfifo(stuck)  # opening it blocks forever
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAPERDIGEST_PARSE_TIMEOUT": "3", "PAPERDIGEST_CONFIG": str(tmp_path / "none.toml")}
    (tmp_path / "none.toml").write_text("")
    result = subprocess.run([sys.executable, "-m", "paperdigest", "parse", str(stuck), str(corpus / "pdfs" / "1111.2011v2.pdf")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 3, result.stderr
    stuck_result, good = json.loads(result.stdout)
    assert stuck_result == {"file": "stuck.pdf", "error": "stuck.pdf: gave up after 3 s"}
    assert good["page_count"] == 8


def test_reopened_inline_tags_are_refused_at_once(tmp_path):
    """Issue 14.9: 2.5 MB of `<div><b id=N></div>x` took 127 s in `parse`."""
    bomb = tmp_path / "bomb.html"
    bomb.write_bytes(b"<html><body>" + b"".join(b"<div><b id=%d></div>x" % n for n in range(110_000)) + b"</body></html>")
    result = parse(str(bomb))
    assert result.returncode == 1
    assert json.loads(result.stdout) == [{"file": "bomb.html", "error": f"{bomb}: HTML nests elements more than 256 deep: not a paper page"}]


def test_parse_out_on_a_full_disk_is_one_line(corpus, tmp_path):
    """Issue 14.11: `parse --out` onto a full disk gave a worker traceback and 'the parser process died'."""
    import resource
    import signal

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAPERDIGEST_CONFIG": str(tmp_path / "none.toml")}
    (tmp_path / "none.toml").write_text("")
    result = subprocess.run([sys.executable, "-m", "paperdigest", "parse", str(corpus / "pdfs" / "1706.03762v5.pdf"),
                             "--out", str(tmp_path / "figs")], capture_output=True, text=True, env=env, timeout=120,
                            preexec_fn=small_disk)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "File too large" in result.stderr and "died" not in result.stderr
