#!/bin/sh
# The selected papers of a week as TSV (id, upvotes, title), from the JSON report on stdout.
# Offline demo on the recorded week; drop --replay (and the env var) for a live run.
PAPERDIGEST_FULLTEXT=${PAPERDIGEST_FULLTEXT:-html} \
paperdigest week 2025-01-20 --source hf --replay ../shared/corpus/replay.tsv --format json --out - -q \
  | jq -r '.papers[] | select(.selection.selected) | [.paper.arxiv_id, (.paper.upvotes // 0), .paper.title] | @tsv'

# Other one-liners on the same document:
#   jq '.days[] | select(.status != "ok")'                       days that were missing or failed
#   jq '[.papers[] | .figures[] | .image]'                       every figure image written beside the report
#   jq '.papers[] | select(.analysis.grounding.unverified > 0) | .paper.title'   papers with unverified claims
