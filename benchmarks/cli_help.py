"""`paperdigest --help` against `python -c pass` and `python -c "import typer"` (target: within 2x of the
latter, i.e. lazy imports everywhere). Prints median wall times and the ratio, measured side by side.

    PYTHONPATH=$PWD python benchmarks/cli_help.py [--quick]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cli_env, interleaved, machine, paperdigest  # noqa: E402

TARGET = 2.0


def main() -> None:
    repeats = 3 if "--quick" in sys.argv else 15
    with tempfile.TemporaryDirectory() as base:
        env = cli_env(Path(base))
        times = interleaved(
            {
                "python -c pass": [sys.executable, "-c", "pass"],
                "python -c 'import typer'": [sys.executable, "-c", "import typer"],
                "paperdigest --help": paperdigest("--help"),
                "paperdigest week --help": paperdigest("week", "--help"),
            },
            repeats,
            env,
        )
    print(f"machine: {machine()}; median of {repeats}")
    for name, seconds in times.items():
        print(f"  {name:<28} {seconds * 1000:7.0f} ms")
    baseline = times["python -c 'import typer'"]
    for name in ("paperdigest --help", "paperdigest week --help"):
        ratio = times[name] / baseline
        print(f"{name} / import typer = {ratio:.2f}x (target <= {TARGET}x): {'ok' if ratio <= TARGET else 'OVER'}")


if __name__ == "__main__":
    main()
