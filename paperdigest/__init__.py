"""paperdigest: turn a date range of new research papers into reports people read."""

__version__ = "0.1.0"
