"""Where the shipped prompts/ and report_templates/ are: inside the installed package, or atop a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_dir(name: str) -> Path:
    """'prompts' or 'report_templates'. pip installs them as paperdigest.<name> (see pyproject.toml)."""
    try:
        return Path(str(resources.files(f"paperdigest.{name}")))
    except ModuleNotFoundError:
        # Running from a source tree without installing (PYTHONPATH=.): the top-level folder.
        return Path(__file__).resolve().parent.parent / name
