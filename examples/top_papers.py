"""Print the papers a report read in depth, best first, from paperdigest's JSON on stdin.

    paperdigest week 2025-01-20 --format json --out - -q | python examples/top_papers.py
"""

import json
import sys


def main() -> None:
    report = json.load(sys.stdin)
    print(f"{report['params']['start']} .. {report['params']['end']}: {len(report['papers'])} papers "
          f"(engine {report['params']['engine']}, schema {report['schema_version']})")
    for entry in report["papers"]:
        if not entry["selection"]["selected"]:
            continue
        paper, summary = entry["paper"], (entry["analysis"] or {}).get("summary", {})
        contribution = (summary.get("contribution") or {}).get("text", "")
        rating = summary.get("rating")
        stars = "*" * rating if rating else "unrated"
        print(f"\n{paper['arxiv_id']}  {paper['title']}\n  [{stars}] {contribution}")
        for figure in entry["figures"]:
            print(f"  {figure['name']} (p. {figure['page']}): {figure['image']}")
        for error in entry["errors"]:
            print(f"  ! {error}")


if __name__ == "__main__":
    main()
