"""Reopened inline tags (`<div><b id=N></div>x`) against the HTML guard: lexbor builds them n deep (quadratic
time); the guard refuses the page before lexbor sees it. Prints both times side by side for growing n."""

from __future__ import annotations

import sys
import time

from selectolax.lexbor import LexborHTMLParser

from paperdigest.errors import ParseError
from paperdigest.html import parse_html


def bomb(n: int) -> bytes:
    return b"<html><body>" + b"".join(b"<div><b id=%d></div>x" % i for i in range(n)) + b"</body></html>"


def seconds(fn, data: bytes) -> float:
    start = time.perf_counter()
    fn(data)
    return time.perf_counter() - start


def refused(data: bytes) -> None:
    try:
        parse_html(data)
    except ParseError:
        return
    raise AssertionError("the guard let the page through")


def main() -> None:
    sizes = (1_000, 2_000) if "--quick" in sys.argv else (1_000, 2_000, 4_000, 8_000)
    print(f"{'repeats':>8} {'bytes':>10} {'lexbor':>9} {'guard':>9} {'ratio':>8}")
    for n in sizes:
        data = bomb(n)
        parse, guard = seconds(LexborHTMLParser, data), seconds(refused, data)
        print(f"{n:>8} {len(data):>10,} {parse:>8.3f}s {guard:>8.4f}s {parse / guard:>7.0f}x")


if __name__ == "__main__":
    main()
