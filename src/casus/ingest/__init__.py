"""Ingest: articles from files (plain text, HTML, JSON lines, WARC archives) as :class:`~casus.models.Document`.

Every input problem is an :class:`~casus.errors.InputError` naming the input, so the caller
can report it in one line and go on with the rest.
"""

from casus.ingest.files import MAX_BYTES, article_files, input_files, read_file, read_paths
from casus.ingest.text import parse_header
from casus.ingest.warc import ReadCounts, is_warc, read_warc, warc_pages

__all__ = [
    "MAX_BYTES",
    "ReadCounts",
    "article_files",
    "input_files",
    "is_warc",
    "parse_header",
    "read_file",
    "read_paths",
    "read_warc",
    "warc_pages",
]
