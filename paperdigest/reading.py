"""A passage's sentences with their roles, as the reports read them: the rules' reading (`sentences`), then, for an
abstract, the role model's review of it (`sentence_model`). The model learns from the rules' reading of the labelled
abstracts, so it imports the rules, and the two steps meet here."""

from __future__ import annotations

from paperdigest.sentences import Kind, Sentence, in_sequence, read_by_rules


def label(text: str, section: str = "Abstract", kind: Kind = "abstract", reviewed: bool = True) -> list[Sentence]:
    """Every sentence and list item of a passage with its role, in order; an enumerated item plays its sentence's role.
    An abstract's roles are then `reviewed` by a model trained on labelled abstracts (`sentence_model`)."""
    labelled = read_by_rules(text, section, kind)
    if kind == "abstract" and reviewed:
        from paperdigest.sentence_model import review  # scikit-learn: loaded when an abstract is first read

        labelled = review(labelled)
    return in_sequence(labelled)
