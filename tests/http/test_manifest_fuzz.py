"""Property-based fuzzing of the replay manifest reader: whatever the file says, read_manifest either raises
UsageError (a one-line error, exit 2) or returns entries whose body files stay inside the manifest's folder."""

from __future__ import annotations

import os

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from paperdigest.errors import UsageError
from paperdigest.http.replay import read_manifest

PARTS = ["..", ".", "", "a", "b.json", "sub", "link_out", "link_in", "loop", "~", "\x00", " ", "é", "/", "\\", "..."]
part = st.sampled_from(PARTS) | st.text(max_size=8)
body = st.lists(part, max_size=6).map("/".join) | st.sampled_from(["/etc/passwd", "/", "//x", "sub/../../x", "link_out/passwd"])
status = st.sampled_from(["200", "404", "100", "599", "99", "600", "0200", "", " 200 ", "٣00", "2e2", "-200"]) | st.integers(-10, 10**6).map(str)
url = st.sampled_from(["https://arxiv.org/pdf/2501.10120", "https://huggingface.co/api/daily_papers?date=2025-01-20", ""]) | st.text(max_size=20)
line = (
    st.tuples(url, status, body).map("\t".join)
    | st.lists(st.text(max_size=10), max_size=5).map("\t".join)
    | st.sampled_from(["# comment", "", "   ", "#\t200\t../x"])
)
manifest = st.lists(line, max_size=6).map("\n".join) | st.binary(max_size=64).map(lambda b: b.decode("latin-1"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Recordings beside symlinks that lead out of the folder, back into it, and round in a loop."""
    root = tmp_path_factory.mktemp("manifest") / "rec"
    (root / "sub").mkdir(parents=True)
    (root / "a").write_text("a")
    (root / "b.json").write_text("[]")
    os.symlink("/etc", root / "link_out")
    os.symlink("b.json", root / "link_in")
    os.symlink("loop", root / "loop")
    return root


@settings(max_examples=200, deadline=None)
@given(text=manifest)
@example(text="https://x\t200\tloop/b.json")  # RuntimeError from Path.resolve on Python 3.11
@example(text="https://x\t200\ta\x00b")  # ValueError: embedded null byte
@example(text="https://x\t٣00\ta")  # a digit, but not an ASCII one
@example(text="https://x\t200\tsub/..")  # the folder itself
def test_manifest_is_rejected_or_stays_inside_its_folder(folder, text):
    path = folder / "replay.tsv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        entries = read_manifest(path)
    except UsageError as error:
        assert "\n" not in str(error)
        return
    root = folder.resolve()
    for code, body_path in entries.values():
        assert 100 <= code <= 599
        assert body_path.is_relative_to(root) and body_path != root, body_path
