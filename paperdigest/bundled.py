"""Where the shipped prompts/ and report_templates/ are: inside the installed package, or atop a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """'prompts' or 'report_templates'.

    A wheel installs them as paperdigest/<name>/ (see pyproject.toml's package-dir); an editable install or a
    plain source tree keeps them at the top of the checkout. (importlib.resources would return a
    MultiplexedPath for these data-only namespace packages, which is not a folder jinja2 can load from.)
    """
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
