"""JSON from outside (a feed, a user's library file), as text that can always be written again."""

from __future__ import annotations

import json
import re
from typing import Any

# "\ud800" is valid JSON but no text: a lone surrogate cannot be encoded, so one of them in one title would stop the
# cache, the report and stderr from being written. A pair ("\ud83d\ude00") is decoded into its one character first.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def loads(body: str | bytes) -> Any:
    """json.loads, with every lone surrogate in a string or key replaced by U+FFFD."""
    return _mended(json.loads(body))


def _mended(value: Any) -> Any:
    # Iterative: a body nested as deep as the parser allows must not overflow the stack here.
    root = [value]
    stack: list[tuple[list | dict, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, str):
            container[key] = _LONE_SURROGATE.sub("\ufffd", item)
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            if any(_LONE_SURROGATE.search(k) for k in item):
                item = container[key] = {_LONE_SURROGATE.sub("\ufffd", k): v for k, v in item.items()}
            stack.extend((item, k) for k in item)
    return root[0]
