"""The prompt templates: built-in ones from prompts/, any subset overridable from a user folder.

Each template is a jinja2 file with two blocks, `system` and `user`, rendered with StrictUndefined. A template
is checked when it is loaded: a variable that the stage does not provide fails then, listing the ones it
does, so a typo costs nothing instead of a batch of paid calls.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperdigest.bundled import bundled_dir
from paperdigest.errors import OutputError, TemplateError
from paperdigest.templating import sandboxed_environment, template_error

# The variables each stage gives its template (documented in the README; `prompts list` prints them).
VARIABLES: dict[str, dict[str, str]] = {
    "classify": {
        "paper": "the paper's metadata: title, authors, categories, arxiv_id (abstract is passed separately)",
        "abstract": "the abstract (untrusted: fence it with the `untrusted` filter)",
        "taxonomy": "list of allowed topics",
        "interests": "list of the user's keywords and categories",
        "lang": "'en' or 'zh'",
    },
    "summarise": {
        "paper": "the paper's metadata: title, authors, categories, arxiv_id",
        "source": "where the text comes from: 'html', 'pdf' or 'abstract'",
        "text": "the selected sections of the paper as plain text (untrusted: fence it with the `untrusted` filter)",
        "omitted": "titles of sections left out to fit the model's context",
        "figures": "list of {name, caption} of the paper's figures and tables",
        "equations": "display equations (LaTeX) found in the paper",
        "lang": "'en' or 'zh'",
    },
    "compare": {
        "theme": "the theme's name",
        "papers": "list of {arxiv_id, title, summary} (summary: JSON of the paper's analysis, untrusted)",
        "lang": "'en' or 'zh'",
    },
    "overview": {
        "start": "first day of the period (ISO date or '')",
        "end": "last day of the period (ISO date or '')",
        "themes": "list of {name, arxiv_ids, summary, trends}",
        "papers": "every paper of the period: list of {arxiv_id, title, topic, relevance, selected}",
        "lang": "'en' or 'zh'",
    },
}
NAMES = tuple(VARIABLES)
_PAPER = {"arxiv_id": "2501.00001v1", "title": "A Title", "authors": ["A. Author"], "categories": ["cs.CL"]}
# One value of each variable's shape: every template is rendered with these at load, so a wrong attribute
# (paper.abstrct) fails then too, not at the first paid call.
SAMPLES: dict[str, dict[str, Any]] = {
    "classify": {"paper": _PAPER, "abstract": "An abstract.", "taxonomy": ["Vision", "Other"], "interests": ["agents"]},
    "summarise": {
        "paper": _PAPER, "source": "pdf", "text": "## 1 Introduction\nText.", "omitted": ["References"],
        "figures": [{"name": "Figure 1", "caption": "Overview."}], "equations": ["E = mc^2"],
    },
    "compare": {"theme": "Vision", "papers": [{"arxiv_id": "2501.00001", "title": "A Title", "summary": "{}"}]},
    "overview": {
        "start": "2025-01-20", "end": "2025-01-24",
        "themes": [{"name": "Vision", "arxiv_ids": ["2501.00001"], "summary": "A summary.", "trends": ["A trend."]}],
        "papers": [{"arxiv_id": "2501.00001", "title": "A Title", "topic": "Vision", "relevance": 7, "selected": True}],
    },
}  # fmt: skip
SUFFIX = ".j2"
FENCE_TAG = "untrusted_data"


_FAKE_FENCE = re.compile(rf"<(\s*/?\s*{FENCE_TAG})", re.I)


def untrusted(text: Any, label: str = "paper") -> str:
    """Fence data so the model can tell it from instructions; the data cannot close the fence itself.

    The tag ends in a boundary derived from the fenced text: the text would have to contain its own hash to
    close it. A random boundary would do too, but LLM answers are cached by the rendered messages, and a rerun
    must find them (the same text, the same boundary, no paid call).
    """
    body = _FAKE_FENCE.sub(r"&lt;\1", str(text))
    boundary = hashlib.sha256(f"{label}\0{body}".encode("utf-8", "surrogatepass")).hexdigest()[:20]
    tag = f"{FENCE_TAG}_{boundary}"
    return f'<{tag} label="{label}">\n{body}\n</{tag}>'


@dataclass(frozen=True)
class Prompt:
    name: str
    source: str  # the template text: part of every cache key, so editing it re-runs this stage only
    origin: str  # "built-in" or the user file's path

    def render(self, **values: Any) -> list[dict[str, str]]:

        template = _compiled(self.source)
        missing = set(VARIABLES[self.name]) - set(values)
        assert not missing, f"stage {self.name} did not pass {sorted(missing)}"
        context = template.new_context(values)
        try:
            parts = {block: "".join(template.blocks[block](context)).strip() for block in ("system", "user")}
        except Exception as exc:  # noqa: BLE001  the template is user code: whatever it raises is its error
            raise template_error(exc, f"prompt {self.name} ({self.origin})", template) from exc
        return [{"role": "system", "content": parts["system"]}, {"role": "user", "content": parts["user"]}]


@functools.lru_cache(maxsize=16)
def _compiled(source: str) -> Any:
    """Compiling a template costs ~10 ms; a week renders each of them dozens of times."""
    return _environment().from_string(source)


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = sandboxed_environment(undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)
    env.filters["untrusted"] = untrusted
    return env


def builtin_dir() -> Path:
    return bundled_dir("prompts")


def _check(name: str, source: str, origin: str) -> Prompt:
    import jinja2
    from jinja2 import meta

    try:
        parsed = _environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise template_error(exc, f"prompt {name} ({origin})") from exc
    unknown = meta.find_undeclared_variables(parsed) - set(VARIABLES[name])
    if unknown:
        raise TemplateError(
            f"prompt {name} ({origin}) uses unknown variable(s) {', '.join(sorted(unknown))}; "
            f"available: {', '.join(VARIABLES[name])}"
        )
    blocks = {node.name for node in parsed.find_all(jinja2.nodes.Block)}
    if not {"system", "user"} <= blocks:
        raise TemplateError(f"prompt {name} ({origin}) needs both {{% block system %}} and {{% block user %}}")
    prompt = Prompt(name, source, origin)
    for lang in ("en", "zh"):
        prompt.render(lang=lang, **SAMPLES[name])
    return prompt


def load_prompts(user_dir: Path | None = None) -> dict[str, Prompt]:
    """All stage prompts, the user's file winning over the built-in one; every template validated now."""
    if user_dir is not None:
        user_dir = Path(user_dir).expanduser()
        if not user_dir.is_dir():
            raise TemplateError(f"prompts folder not found: {user_dir}")
        strays = sorted(p.name for p in user_dir.glob(f"*{SUFFIX}") if p.stem not in VARIABLES)
        if strays:
            raise TemplateError(f"unknown prompt file(s) in {user_dir}: {', '.join(strays)}; known: {', '.join(NAMES)}")
    prompts = {}
    for name in NAMES:
        path: Path | None = user_dir / f"{name}{SUFFIX}" if user_dir else None
        if path is None or not path.is_file():
            path, origin = builtin_dir() / f"{name}{SUFFIX}", "built-in"
        else:
            origin = str(path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"prompt {name}: cannot read {path}: {exc}") from exc
        prompts[name] = _check(name, source, origin)
    return prompts


def list_prompts(user_dir: Path | None = None) -> list[tuple[str, str, list[str]]]:
    """(name, origin, variables) for `paperdigest prompts list`."""
    return [(p.name, p.origin, list(VARIABLES[p.name])) for p in load_prompts(user_dir).values()]


def show_prompt(name: str, user_dir: Path | None = None) -> str:
    """The template text in effect for `paperdigest prompts show NAME`."""
    if name not in VARIABLES:
        raise TemplateError(f"unknown prompt {name!r}; known: {', '.join(NAMES)}")
    return load_prompts(user_dir)[name].source


def init_prompts(target: Path) -> list[Path]:
    """Copy the built-in prompts into a folder to edit; existing files are kept, never overwritten."""
    target = Path(target).expanduser()
    try:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name in NAMES:
            path = target / f"{name}{SUFFIX}"
            if not path.exists():
                path.write_text((builtin_dir() / f"{name}{SUFFIX}").read_text(encoding="utf-8"), encoding="utf-8")
                written.append(path)
    except OSError as exc:
        raise OutputError(f"cannot write prompts to {target}: {exc.strerror or exc}") from exc
    return written
