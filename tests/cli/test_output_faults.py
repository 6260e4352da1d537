"""Output that cannot be written: one clear error line, exit code 1, and never a half-written report.

The tests run as root, for whom chmod does not make a folder read-only. So: an output or cache folder below a
regular file (ENOTDIR), stdout on /dev/full (a real ENOSPC), RLIMIT_FSIZE (write() fails part-way through a
file, exactly where a full disk fails, with EFBIG instead of ENOSPC), and an immutable folder (chattr +i,
which stops root too) or, when not root, chmod 555.

stderr is not output: a reader of it that went away (`2>&1 | head`, a dead log pipe) ends the messages, and the run
still writes its report or document with the exit code it would have had.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys

import pytest

from reliability_helpers import WEEK, cli, cli_env, comparable

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def done(corpus, tmp_path_factory):
    """A finished week: warm cache and a good report to protect."""
    base = tmp_path_factory.mktemp("output")
    env = cli_env(base)
    result = cli(*WEEK, "--replay", str(corpus / "replay.tsv"), "--out", str(base / "out"), "-q", env=env)
    assert result.returncode == 3, result.stderr
    return base, env, corpus / "replay.tsv"


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _one_error_line(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if not line.startswith("warning:")]
    assert len(errors) == 1 and "Traceback" not in stderr, stderr
    return errors[0]


def test_output_folder_below_a_file(done, tmp_path):
    base, env, replay = done
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = cli(*WEEK, "--replay", str(replay), "--out", str(blocker / "out"), "-q", env=env)
    assert result.returncode == 1
    assert _one_error_line(result.stderr) == f"paperdigest: error: cannot write the report into {blocker / 'out'}: Not a directory"


def test_cache_folder_below_a_file(done, tmp_path):
    _, env, replay = done
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = env | {"PAPERDIGEST_CACHE_DIR": str(blocker / "cache")}
    result = cli(*WEEK, "--replay", str(replay), "--out", str(tmp_path / "out"), "-q", env=env, timeout=60)
    assert result.returncode == 1
    assert _one_error_line(result.stderr).endswith(f"cannot write to the cache folder {blocker / 'cache'}: Not a directory")
    assert not (tmp_path / "out").exists()


def test_stdout_on_a_full_disk(done):
    _, env, replay = done
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "paperdigest", *WEEK, "--replay", str(replay), "-f", "json", "--out", "-", "-q"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60,
        )
    assert result.returncode == 1
    assert _one_error_line(result.stderr) == "paperdigest: error: cannot write the document to stdout: No space left on device"


@pytest.mark.parametrize(
    "command", [["schema"], ["config", "show"], ["prompts", "list"], ["history", "list"], ["trends", "-f", "json"], ["fetch", "--source", "hf", "--start", "2025-01-20"]]
)
def test_every_command_printing_to_a_full_disk_gives_one_error_line(done, command):
    _, env, replay = done
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "paperdigest", *command, *(["--replay", str(replay)] if command[0] == "fetch" else [])],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60,
        )
    assert result.returncode == 1
    assert _one_error_line(result.stderr) == "paperdigest: error: cannot write the output to stdout: No space left on device"


def _unread_stderr(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stderr a pipe closed before the first message: every write to it fails with EPIPE."""
    process = subprocess.Popen(
        [sys.executable, "-m", "paperdigest", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    process.stderr.close()
    document, _ = process.communicate(timeout=60)
    return process.returncode, document


@pytest.mark.parametrize("log", [[], ["--log-json"]], ids=["rich", "json-lines"])
def test_a_closed_stderr_still_gives_the_report(done, tmp_path, log):
    base, env, replay = done
    out = tmp_path / "out"
    returncode, _ = _unread_stderr([*WEEK, "--replay", str(replay), "--out", str(out), "--lang", "zh", *log], env)
    assert returncode == 3  # partial, as with stderr read: the weekend days are not in the recording
    assert comparable(json.loads((out / "report.json").read_text()))["papers"] == comparable(json.loads((base / "out" / "report.json").read_text()))["papers"]
    assert "2501.10120" in (out / "report.md").read_text()


def test_a_closed_stderr_keeps_the_document_on_stdout(done):
    _, env, replay = done
    returncode, document = _unread_stderr([*WEEK, "--replay", str(replay), "-f", "json", "--out", "-"], env)
    assert returncode == 3
    assert len(json.loads(document)["papers"]) == 31


def test_a_write_failing_mid_file_leaves_the_last_good_report_intact(done):
    base, env, replay = done
    out = base / "out"
    before = _snapshot(out)
    limit = min(len(data) for data in before.values()) - 1  # every file of the report is too big to finish

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "paperdigest", *WEEK, "--replay", str(replay), "--out", str(out), "-q"],
        capture_output=True, text=True, env=env, timeout=60, preexec_fn=small_disk,
    )
    assert result.returncode == 1
    assert _one_error_line(result.stderr).startswith(f"paperdigest: error: cannot write the report into {out}: File too large")
    assert _snapshot(out) == before  # no half-written file, no temporary file left behind


def _make_read_only(folder) -> bool:
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    return subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0


def test_read_only_output_folder(done, tmp_path):
    base, env, replay = done
    out = tmp_path / "out"
    assert cli(*WEEK, "--replay", str(replay), "--out", str(out), "-q", env=env).returncode == 3
    before = _snapshot(out)
    if not _make_read_only(out):
        pytest.skip("running as root where chattr +i is not permitted: no honest read-only folder")
    try:
        result = cli(*WEEK, "--replay", str(replay), "--out", str(out), "-q", env=env)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(out)], check=True)
        out.chmod(0o755)
    assert result.returncode == 1
    assert _one_error_line(result.stderr).startswith(f"paperdigest: error: cannot write the report into {out}: ")
    assert _snapshot(out) == before
