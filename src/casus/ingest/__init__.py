"""Ingest: articles from files (plain text, HTML, JSON lines) as :class:`~casus.models.Document`.

Every input problem is an :class:`~casus.errors.InputError` naming the input, so the caller
can report it in one line and go on with the rest.
"""

from casus.ingest.files import MAX_BYTES, article_files, read_file, read_paths
from casus.ingest.text import parse_header

__all__ = ["MAX_BYTES", "article_files", "parse_header", "read_file", "read_paths"]
