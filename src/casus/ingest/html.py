"""HTML articles: trafilatura separates the article from navigation, footers and comments.

Only ``trafilatura.extract`` is used, on markup already in hand; fetching is the job of a
separate stage with its own limits, so nothing here touches the network.
"""

from __future__ import annotations

import json

import trafilatura

from casus.errors import InputError
from casus.ingest.text import check_length, clean_text, document_id, has_body, parse_date, with_header
from casus.models import Document


def read_html(html: str, source: str, *, url: str | None = None, where: str | None = None) -> Document:
    """The main text of one HTML page, with the page's headline and date put on top of it the
    way a plain-text article carries them; ``where`` names the input in errors."""
    raw = trafilatura.extract(html, output_format="json", with_metadata=True, url=url, include_comments=False)
    meta = json.loads(raw) if raw else {}
    body = clean_text(meta.get("text") or "")
    if not has_body(body):
        raise InputError(where or source, "no article text found")
    title = " ".join((meta.get("title") or "").split())
    published = parse_date(meta["date"]) if meta.get("date") else None
    text = with_header(title, published, body)
    check_length(text, where or source)
    return Document(
        id=document_id(text),
        source=source,
        text=text,
        title=title,
        published=published,
        url=url or meta.get("source") or None,  # "source" holds the canonical URL, if any
    )
