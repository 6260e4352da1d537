"""One exception tree. Library code raises these; the CLI maps them to exit codes in one place."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


class PaperdigestError(Exception):
    """Base: a one-line message a user can act on."""

    exit_code = EXIT_FAILED


class UsageError(PaperdigestError):
    """Bad arguments, config or ids: the user must change the command."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    pass


class InvalidIdError(UsageError):
    pass


class FetchError(PaperdigestError):
    """A network resource could not be had (after retries): affects that resource only."""


class UnavailableError(FetchError):
    """The origin has no such resource (HTTP 404/410, or a URL the replayed recording lacks): no retry can help."""


class SourceError(PaperdigestError):
    """A source answered, but with something unusable (malformed feed, error feed, bad category)."""


class ParseError(PaperdigestError):
    """A PDF or HTML full text could not be read: affects that paper only."""


class TemplateError(UsageError):
    """A prompt or report template is missing or uses unknown variables."""


class LLMError(PaperdigestError):
    """An LLM call failed for good (after retries / repair): affects that paper or stage only."""


class BudgetExceeded(LLMError):
    """--max-cost would be exceeded by the next call."""


class OutputError(PaperdigestError):
    """The report could not be written (read-only folder, disk full)."""
