"""JSON lines: good records become Documents, bad lines become errors and the rest go on."""

import json
from datetime import date

import pytest

from casus.errors import InputError
from casus.ingest import read_file, read_paths
from casus.models import Document

from .conftest import BODY


def _line(**record):
    return json.dumps(record)


def test_jsonl_good_and_bad_lines(write):
    lines = [
        _line(url="https://news.example/a", title="Pumps stop", published="2024-05-04", text=BODY),
        '{"title": "broken", "text": ',
        _line(title="No text here"),
        "",
        _line(text="Second article. " + BODY),
        "[1, 2]",
        _line(text=BODY, published="someday"),
        _line(text=BODY, title=7),
    ]
    path = write("feed.jsonl", "\n".join(lines) + "\n")
    items = list(read_paths([path]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = {e.source: e.reason for e in items if isinstance(e, InputError)}
    assert [d.source for d in docs] == ["https://news.example/a", "feed.jsonl:5"]
    first = docs[0]
    assert (first.title, first.published, first.url) == (
        "Pumps stop",
        date(2024, 5, 4),
        "https://news.example/a",
    )
    assert first.text == "Pumps stop\n2024-05-04\n\n" + BODY
    assert docs[1].url is None and docs[1].title == ""
    assert errors[f"{path}:2"].startswith("not valid JSON")
    assert errors[f"{path}:3"] == "missing text"
    assert errors[f"{path}:6"] == "not a JSON object"
    assert errors[f"{path}:7"].startswith("published is not a date")
    assert errors[f"{path}:8"] == "title is not a string"
    assert len(items) == 7


def test_jsonl_read_file_raises_first_bad_line(write):
    path = write("feed.jsonl", _line(text=BODY) + "\n{oops\n")
    with pytest.raises(InputError) as info:
        read_file(path)
    assert info.value.source == f"{path}:2"


@pytest.mark.parametrize("text", ["too short", "   "])
def test_jsonl_short_text_is_no_article(write, text):
    path = write("feed.jsonl", _line(text=text))
    [error] = read_paths([path])
    assert isinstance(error, InputError)
    assert error.reason == ("no article text" if text.strip() else "missing text")


def test_jsonl_same_article_as_text_file_has_same_id(write):
    header = "Pumps stop after intrusion\n2024-05-04\n\n"
    [from_txt] = read_file(write("a.txt", header + BODY))
    record = _line(title="Pumps stop after intrusion", published="2024-05-04T08:00:00Z", text=BODY)
    [from_jsonl] = read_file(write("a.jsonl", record))
    assert from_txt.id == from_jsonl.id
    assert from_txt.text == from_jsonl.text
