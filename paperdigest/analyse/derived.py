"""Numbers a summary computed from the paper's own: a gain in points, a relative improvement, a speed-up.

Pure. Such a number is not stated in the paper, so it cannot be verified by finding it, but it is not made
up either: the report shows it as derived, with the arithmetic, so a reader can redo it.
"""

from __future__ import annotations

MAX_OPERANDS = 24  # numbers around the claim; pairs of them grow as the square


def derivation(target: str, operands: list[str]) -> str | None:
    """'6.6 = 77.8 − 71.2' when the target is, to its printed precision, a difference, ratio or relative change
    of two operands; None otherwise."""
    value = float(target)
    decimals = len(target.partition(".")[2])
    tolerance = 0.5 * 10**-decimals + 1e-9
    numbers = list(dict.fromkeys(o for o in operands if o != target))[:MAX_OPERANDS]
    for a_text in numbers:
        for b_text in numbers:
            a, b = float(a_text), float(b_text)
            if a_text == b_text or b == 0:
                continue
            for result, formula in (
                (a - b, f"{a_text} − {b_text}"),
                (a / b, f"{a_text} / {b_text}"),
                ((a - b) / b * 100, f"({a_text} − {b_text}) / {b_text} × 100%"),
            ):
                if result > 0 and abs(result - value) <= tolerance:
                    return f"{target} = {formula}"
    return None
