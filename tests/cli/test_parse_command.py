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
