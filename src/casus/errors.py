"""One family of exceptions, each carrying one line that names the input and the reason.

The CLI prints ``str(exc)`` and moves on to the next input; nothing here imports other casus
modules, so every stage may raise these.
"""


class CasusError(Exception):
    """Base of every error casus expects and reports in one line."""


class InputError(CasusError):
    """An input file or record that cannot be read as an article."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(CasusError):
    """The store cannot be opened or written."""


class ExportError(CasusError):
    """An export cannot be produced (unknown format, unwritable target)."""
