"""How a call asks for JSON that fits a schema, and how an answer is read when the model only nearly complied.

Pure: requests are built from (mode, messages, schema) and answers read from text, so every tolerance is
testable with plain strings. Local models mangle formats more than anything else (fences, prose around the
object, trailing commas, a missing list, "7" for 7); each repair here is lossless or says what it filled.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

# What a mode sends: json_schema as response_format (vLLM, llama.cpp, LM Studio, SGLang and Ollama constrain
# decoding to it), JSON mode with the schema in the prompt, a forced tool call, or (a server that refuses
# response_format altogether) the schema in the prompt alone.
NEXT_MODE = {"json_schema": "json_mode", "tools": "json_mode", "json_mode": "prompt"}
TOOL_NAME = "answer"
MAX_STARTS = 20  # '{' positions tried in an answer with prose around the object
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.S)
_TRAILING_COMMA = re.compile(r'"(?:\\.|[^"\\])*"|,(\s*[}\]])')
_REJECTION = re.compile(r"response_format|json_schema|\bschema\b|tool_choice|\btools?\b|json_object|\bformat\b", re.I)


def initial_mode(configured: str, self_hosted: bool, supports_schema: Callable[[], bool]) -> str:
    """auto: json_schema wherever it can be honoured (a self-hosted server, or litellm knows the model can);
    else JSON mode. litellm is asked last: for some providers it asks the server."""
    if configured != "auto":
        return configured
    return "json_schema" if self_hosted or supports_schema() else "json_mode"


def is_format_rejection(status: int | None, message: str) -> bool:
    """A 400/422 that names the structured-output parameter: the server cannot do this mode, not this call."""
    return status in (400, 422) and bool(_REJECTION.search(message))


def request(
    mode: str, messages: list[dict[str, str]], schema: type[BaseModel]
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The messages and the extra litellm.acompletion arguments for one mode."""
    json_schema = schema.model_json_schema()
    if mode == "json_schema":
        fmt = {"type": "json_schema", "json_schema": {"name": schema.__name__, "schema": json_schema, "strict": False}}
        return messages, {"response_format": fmt}
    if mode == "tools":
        function = {"name": TOOL_NAME, "description": "Give the answer.", "parameters": json_schema}
        tool = {"type": "function", "function": function}
        return messages, {"tools": [tool], "tool_choice": {"type": "function", "function": {"name": TOOL_NAME}}}
    system, *rest = messages
    instruction = (
        "\n\nReply with one JSON object only, no prose around it, matching this JSON Schema:\n"
        f"<json_schema>\n{json.dumps(json_schema, ensure_ascii=False)}\n</json_schema>"
    )
    extra = {"response_format": {"type": "json_object"}} if mode == "json_mode" else {}
    return [{**system, "content": system["content"] + instruction}, *rest], extra


@dataclass
class Reading:
    """An answer as JSON text ready to validate, and the fields the model left out that were filled empty."""

    text: str
    filled: list[str] = field(default_factory=list)
    problem: str | None = None  # what to tell the model when the answer is not even an attempt at JSON


def read(content: str, schema: type[BaseModel]) -> Reading:
    """The JSON object in an answer, fitted to the schema where that loses nothing; the raw text if none is found
    (so validation reports the JSON error the repair prompt quotes)."""
    value = extract_object(content)
    if value is None:
        fenced = _FENCE.search(content)
        problem = None if "{" in content else "the answer holds no JSON object"
        return Reading(fenced.group(1).strip() if fenced else content, problem=problem)
    json_schema = schema.model_json_schema()
    required = set(json_schema.get("required", []))
    only = next(iter(value.values())) if len(value) == 1 else None
    if isinstance(only, dict) and not required & value.keys() and required & only.keys():
        value = only  # {"Classification": {...}}: the answer wrapped in its name
    filled: list[str] = []
    fitted = _fit(value, json_schema, json_schema.get("$defs", {}), "", filled)
    return Reading(json.dumps(fitted, ensure_ascii=False), filled)


def extract_object(content: str) -> dict[str, Any] | None:
    """The first JSON object in code fences or in the text, trailing commas allowed; None if there is none."""
    decoder = json.JSONDecoder()
    candidates = [m.group(1) for m in _FENCE.finditer(content)] + [content]
    for candidate in candidates:
        text = _TRAILING_COMMA.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(0), candidate)
        start = text.find("{")
        for _ in range(MAX_STARTS):
            if start == -1:
                break
            try:
                value, _end = decoder.raw_decode(text, start)
            except json.JSONDecodeError:
                start = text.find("{", start + 1)
                continue
            if isinstance(value, dict):
                return value
            start = text.find("{", start + 1)
    return None


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return _resolve(options[0], defs) if len(options) == 1 else schema


def _fit(value: Any, schema: dict[str, Any], defs: dict[str, Any], path: str, filled: list[str]) -> Any:
    """Lossless repairs by the schema: unknown keys dropped, missing lists/free text filled empty (and named),
    numbers as strings and strings as numbers where exact, one object for a list of one, enum case."""
    schema = _resolve(schema, defs)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        if isinstance(value, str) and "text" in properties:
            value = {"text": value}  # a claim written as a bare sentence
        if not isinstance(value, dict):
            return value
        fitted = {
            k: _fit(v, properties[k], defs, f"{path}.{k}".lstrip("."), filled)
            for k, v in value.items()
            if k in properties and v is not None
        }
        for name in schema.get("required", []):
            if name not in fitted:
                empty = _empty(_resolve(properties[name], defs))
                if empty is not None:
                    fitted[name] = empty
                    filled.append(f"{path}.{name}".lstrip("."))
        return fitted
    if kind == "array":
        items = value if isinstance(value, list) else [value]  # one item where a list was asked for
        return [_fit(item, schema.get("items", {}), defs, f"{path}[{i}]", filled) for i, item in enumerate(items)]
    if "enum" in schema and isinstance(value, str) and value not in schema["enum"]:
        return next((option for option in schema["enum"] if str(option).lower() == value.strip().lower()), value)
    if kind == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if kind == "integer" and isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    if kind == "number" and isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value):
        return float(value)
    return value


def _empty(schema: dict[str, Any]) -> Any:
    """The empty value of a field a model may leave out: a list or free text. Numbers, choices and objects
    carry meaning, so they are never made up."""
    if schema.get("type") == "array":
        return []
    if schema.get("type") == "string" and "enum" not in schema and "const" not in schema:
        return ""
    return None


def tool_arguments(message: Any) -> str | None:
    """The arguments of the forced tool call, if the model made one."""
    calls = getattr(message, "tool_calls", None) or []
    for call in calls:
        function = getattr(call, "function", None)
        if function is not None and getattr(function, "arguments", None):
            return str(function.arguments)
    return None
