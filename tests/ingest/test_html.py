"""HTML pages through trafilatura, read from real files."""

from datetime import date

import pytest

from casus.errors import InputError
from casus.ingest import parse_header, read_file, read_paths

PAGE = """<!doctype html>
<html><head>
<title>Pumps stop after intrusion | Example Times</title>
<meta property="og:title" content="Pumps stop after intrusion">
<meta property="article:published_time" content="2024-05-04T09:30:00Z">
<link rel="canonical" href="https://times.example/2024/05/pumps">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe now</a></li></ul></nav>
<article>
<h1>Pumps stop after intrusion</h1>
<p>Officials said on Tuesday that hackers had broken into the networks of the national water
authority and shut down pumps at two stations for several hours.</p>
<p>The authority said no customer data was taken, and engineers restored the pumps by the
evening after isolating the affected control systems.</p>
</article>
<footer><p>Copyright 2024 Example Times. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_read_file_extracts_article(write):
    [doc] = read_file(write("pumps.html", PAGE))
    assert doc.source == "pumps.html"
    assert doc.title == "Pumps stop after intrusion"
    assert doc.published == date(2024, 5, 4)
    assert doc.url == "https://times.example/2024/05/pumps"
    assert "shut down pumps at two stations" in doc.text
    assert "Subscribe now" not in doc.text and "All rights reserved" not in doc.text
    assert parse_header(doc.text)[0] == doc.title


@pytest.mark.parametrize("page", ["<html><body><nav><a href='/'>Home</a></nav></body></html>", "<p>"])
def test_html_no_article_text(write, page):
    path = write("empty.htm", page)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert (info.value.source, info.value.reason) == (str(path), "no article text found")


def test_html_read_paths_accepts_htm(write):
    path = write("pumps.HTM", PAGE)
    [doc] = read_paths([path])
    assert doc.title == "Pumps stop after intrusion"
