"""The jinja2 environment for report and prompt templates: sandboxed, because templates may come from anywhere.

A template cannot walk attributes (`''.__class__.__mro__`) or call unsafe methods; any error it raises, at
compile or at render time, becomes one TemplateError line naming the template and its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperdigest.errors import TemplateError


def sandboxed_environment(**options: Any) -> Any:
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(**options)


def _template_frame(exc: BaseException, template: Any = None) -> tuple[str | None, int | None]:
    """The template file and line an exception came from: jinja names a template's frames after its file.

    Frames of a template that ran outside jinja's render() carry lines of the compiled code: template maps them.
    """
    where: tuple[str | None, int | None] = (getattr(exc, "filename", None), getattr(exc, "lineno", None))
    traceback = exc.__traceback__
    while traceback is not None:
        code_file = traceback.tb_frame.f_code.co_filename
        if code_file.endswith(".j2") or code_file == "<template>":
            line = template.get_corresponding_lineno(traceback.tb_lineno) if template else traceback.tb_lineno
            where = (None if code_file == "<template>" else code_file, line)
        traceback = traceback.tb_next
    return where


def template_error(exc: BaseException, what: str, template: Any = None) -> TemplateError:
    """One line for a failed template: 'report template weekly.md.j2:3: ZeroDivisionError: division by zero'
    ('... (_macros.md.j2:94): ...' when an imported file failed; 'prompt NAME (origin), line 3: ...')."""
    import jinja2

    filename, line = _template_frame(exc, template)
    if isinstance(exc, jinja2.TemplateError):
        message = exc.message or type(exc).__name__
    else:
        message = f"{type(exc).__name__}: {exc}"
    if line is None:
        where = ""
    elif filename is None:
        where = f", line {line}"
    elif what.endswith(Path(filename).name):
        where = f":{line}"
    else:
        where = f" ({Path(filename).name}:{line})"
    return TemplateError(f"{what}{where}: {' '.join(str(message).split())}")
