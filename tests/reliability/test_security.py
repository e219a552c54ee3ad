"""Security of ``casus serve`` against hostile text and hostile requests, on a real server on
loopback over a SQLite store holding articles full of markup:

- XSS payloads in every article field (title, text, source URL, actor names and quotes derived
  from the text) render inert in the system's Chromium: no script runs, no dialog opens, and no
  element or attribute of theirs exists in the DOM (tests/web/test_browser.py checks one page;
  tests/export/test_hostile.py the exports);
- SQL injection strings in every parameter the OpenAPI document lists: no 5xx, nothing stored
  changes, and a filter holding one matches what any unknown value matches: nothing;
- writes without the token, or with a wrong one, get 401;
- path traversal on every route that takes a path or an id never leaves the static folder and
  never gives a 5xx;
- the hardening headers are on every response, errors included.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import quote

import httpx
import pytest

from casus.ingest import read_paths
from casus.ingest.jsonl import document_from_record
from casus.pipeline import ingest_documents
from casus.store import open_store
from reliability.harness import store_state
from web.live import live_server

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
TOKEN = "reliability-test-token-0123456789"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

# Each would set window.__xss or open a dialog if it ever ran.
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
SVG = '<svg onload="window.__xss=3"><script>alert(3)</script></svg>'
BREAKOUT = '"><script>alert(4)</script><b x="'
QUOTE_BREAKOUT = "' onmouseover='alert(5)' autofocus onfocus='alert(5)' x='"
CLOSERS = "</textarea></title></style></noscript></script><script>alert(6)</script>"
JS_LINK = '<a href="javascript:alert(7)">more</a>'
IFRAME = '<iframe srcdoc="<script>parent.__xss=8</script>"></iframe>'
TEMPLATE = "{{ 7*7 }}{% raw %}"

HOSTILE = [
    {
        "title": f"Albania blames Iran for cyberattack {SCRIPT}{BREAKOUT}",
        "published": "2031-03-02",
        "url": "javascript:alert(9)",
        "text": f"Albania said on Monday that Iran was behind a cyberattack {IMG} on its government websites "
        f'in February.\n\nA group calling itself "Lynx{SVG}" claimed responsibility for the attack.\n\n'
        f"Iran denied involvement and called the accusation {QUOTE_BREAKOUT} baseless.\n\n{CLOSERS} {IFRAME}",
    },
    {
        "title": f"{CLOSERS}Estonia blames Russia for attack on ministry {TEMPLATE}",
        "published": "2031-04-09",
        "url": 'https://news.example.org/a"><script>alert(10)</script>',
        "text": f"Estonia said on Tuesday that Russia was behind a cyberattack on its foreign ministry {JS_LINK} "
        f"in March.\n\nOfficials said the intruders {IFRAME} stole email from several diplomats.\n\n"
        f"Russia denied involvement. {SCRIPT}",
    },
    {
        "title": f"Latvia condemns hack {IMG}",
        "published": "2031-05-11",
        "url": "data:text/html,<script>alert(11)</script>",
        "text": f"Latvia condemned the cyberattack on its parliament's website {SVG} in April and said Russia "
        f"carried out the operation.\n\n{TEMPLATE} {BREAKOUT}",
    },
]
INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE documents; --",
    "x') UNION SELECT id, text, 1, 1, 1 FROM documents --",
    '" OR ""="',
    "%' OR 1=1 --",
    "1)) OR sleep(5)--",
    "ALB' AND (SELECT count(*) FROM sqlite_master) > 0 --",
    "'; UPDATE incidents SET title = 'owned' --",
    "\\'; DELETE FROM reports; --",
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, extractor):
    from casus.web import create_app

    db = str(tmp_path_factory.mktemp("security") / "casus.db")
    store = open_store(db)
    try:
        ingest_documents(store, read_paths([EXAMPLES]), extractor=extractor)
        docs = [document_from_record(r, f"hostile-{n}", f"hostile-{n}") for n, r in enumerate(HOSTILE)]
        summary = ingest_documents(store, docs, extractor=extractor)
        assert summary.failed == 0
        incidents = {d.id: store.incidents_of_document(d.id) for d in docs}
    finally:
        store.close()
    assert all(incidents.values()), incidents  # each hostile article became (part of) an incident
    with live_server(create_app(db, write_token=TOKEN)) as port:
        yield {"base": f"http://127.0.0.1:{port}", "port": port, "db": db, "docs": incidents}


@pytest.fixture(scope="module")
def client(hostile_server):
    with httpx.Client(base_url=hostile_server["base"], timeout=30) as c:
        yield c


def _stored(db: str) -> tuple:
    """Counts plus every row of the tables a write would touch, to see that nothing changed."""
    store = open_store(db, upgrade=False)
    try:
        rows = tuple(
            tuple(store.conn.execute(sql).fetchall())
            for sql in (
                "SELECT id, title, text FROM documents ORDER BY id",
                "SELECT id, title, summary FROM incidents ORDER BY id",
                "SELECT id, incident_id, data FROM reports ORDER BY id",
            )
        )
    finally:
        store.close()
    return store_state(db)[0], rows


# --- XSS in the real browser -------------------------------------------------------------

# The pages' own markup has no script, frame or image and no event handler; its one data: URL is
# the empty favicon (<link rel=icon href="data:,">).
INJECTED = """() => {
  const out = [];
  for (const e of document.querySelectorAll('*')) {
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'FRAME'].includes(e.tagName)) out.push(e.tagName);
    for (const a of e.attributes) {
      if (a.name.startsWith('on') || a.name === 'srcdoc' || a.name === 'autofocus') out.push(e.tagName + ' @' + a.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)
          && /^\\s*(javascript|data|vbscript):/i.test(a.value)
          && !(e.tagName === 'LINK' && a.value === 'data:,')) out.push(e.tagName + ' @' + a.name + '=' + a.value);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI")
        pytest.skip("Chromium is not installed (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.mark.browser
def test_hostile_fields_render_inert_in_chromium(browser, hostile_server, client):
    base = hostile_server["base"]
    incident_ids = sorted({i for ids in hostile_server["docs"].values() for i in ids})
    actors = set()
    for incident_id in incident_ids:
        graph = client.get(f"/api/incidents/{incident_id}/graph").json()
        actors |= {n["id"] for n in graph["nodes"]}
    assert "Lynx" in actors  # an actor name taken from the hostile text
    paths = ["/", "/documents", "/actors", "/graph", "/charts", "/api"]
    paths += [f"/documents/{d}" for d in hostile_server["docs"]]
    paths += [f"/documents/{d}?start=0&end=400#evidence" for d in hostile_server["docs"]]
    paths += [f"/incidents/{i}" for i in incident_ids]
    paths += ["/actors/" + quote(a, safe="") for a in sorted(actors)]
    paths += ["/actors/" + quote(p, safe="") for p in (SCRIPT, BREAKOUT, CLOSERS)]  # a name from the URL itself
    paths += ["/?q=" + quote(p) for p in (SCRIPT, BREAKOUT, QUOTE_BREAKOUT)]  # echoed in the search box
    paths += ["/?victim=" + quote(BREAKOUT), "/no-such-page/" + quote(SCRIPT, safe="")]
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in paths:
        page.goto(base + path)
        page.mouse.move(200, 200)
        page.mouse.move(400, 300)  # would fire an injected onmouseover
        assert page.evaluate("window.__xss") is None, path
        assert page.evaluate(INJECTED) == [], path
    for doc_id in hostile_server["docs"]:  # the markup is shown as text, exactly
        page.goto(f"{base}/documents/{doc_id}")
        assert SCRIPT in page.inner_text("main") or CLOSERS in page.inner_text("main") or IMG in page.inner_text("main")
    page.goto(f"{base}/incidents/{hostile_server['docs'][next(iter(hostile_server['docs']))][0]}")
    assert IMG in page.inner_text("main")  # the quote, with its markup as text
    assert "49" not in page.inner_text("h1")
    context.close()
    assert dialogs == []
    print(f"\nsecurity: {len(paths)} pages inert in Chromium, 0 dialogs")


# --- SQL injection through every parameter -------------------------------------------------


def _get_operations(spec: dict) -> list[tuple[str, list[dict]]]:
    return [
        (path, op.get("parameters", [])) for path, item in spec["paths"].items() for m, op in item.items() if m == "get"
    ]


def test_sql_injection_in_every_parameter_changes_nothing(client, hostile_server):
    spec = client.get("/openapi.json").json()
    operations = _get_operations(spec)
    assert len(operations) >= 8 and sum(len(p) for _, p in operations) >= 15
    before = _stored(hostile_server["db"])
    baseline = client.get("/api/incidents").json()["total"]
    unknown = client.get("/api/incidents", params={"victim": "NO-SUCH-ACTOR"}).json()["total"]
    assert baseline > 0 and unknown == 0
    tried = 0
    for path, params in operations:
        for param in params:
            for injection in INJECTIONS:
                if param["in"] == "path":
                    url, query = path.replace("{" + param["name"] + "}", quote(injection, safe="")), {}
                else:
                    url = path
                    for other in params:  # a real id for the other path parameters
                        url = url.replace("{" + other["name"] + "}", "ALB")
                    query = {param["name"]: injection}
                r = client.get(url, params=query)
                tried += 1
                assert r.status_code < 500, (url, query, r.status_code, r.text[:300])
                assert r.status_code in (200, 404, 422), (url, query, r.status_code)
                if path == "/api/incidents" and r.status_code == 200:
                    total = r.json()["total"]
                    if param["name"] == "q":
                        assert total <= baseline
                    elif param["name"] not in ("page", "per_page"):
                        assert total == unknown, (param["name"], injection, total)
    assert tried >= 100
    assert _stored(hostile_server["db"]) == before
    n_params = sum(len(p) for _, p in operations)
    print(f"\nsecurity: {tried} injection requests, {n_params} parameters of {len(operations)} GET routes, 0 5xx")


def test_injection_in_a_posted_article_is_stored_as_text(client, hostile_server):
    text = "Notes on input handling.\n\n" + "\n".join(INJECTIONS)
    r = client.post("/api/documents", json={"text": text, "title": INJECTIONS[1]}, headers=_bearer(TOKEN))
    assert r.status_code == 201, r.text
    got = client.get(f"/api/documents/{r.json()['document']}").json()
    assert INJECTIONS[1] in got["title"] and all(i in got["text"] for i in INJECTIONS)
    assert client.get("/api/documents").json()["total"] == store_state(hostile_server["db"])[0]["documents"]


# --- writes need the token ------------------------------------------------------------------


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_writes_without_the_token_get_401(client, hostile_server):
    spec = client.get("/openapi.json").json()
    writes = [(m, p) for p, item in spec["paths"].items() for m in item if m in ("post", "put", "patch", "delete")]
    assert ("post", "/api/documents") in writes
    before = _stored(hostile_server["db"])
    body = {"text": "Estonia said Russia was behind a cyberattack on its ministry in May.", "title": "Unauthorised"}
    for method, path in writes:
        for headers in (
            {},
            {"Authorization": "Bearer"},
            _bearer("wrong-token-of-enough-length"),
            _bearer(TOKEN[:-1]),
            _bearer(TOKEN + "x"),
            _bearer(TOKEN.upper()),
            {"Authorization": f"Basic {TOKEN}"},
            {"X-Token": TOKEN},
        ):
            r = client.request(method.upper(), path, json=body, headers=headers)
            assert r.status_code == 401, (method, path, headers, r.status_code)
            assert r.headers.get("WWW-Authenticate") == "Bearer"
    assert _stored(hostile_server["db"]) == before


# --- path traversal --------------------------------------------------------------------------

TRAVERSALS = [
    "../app.py",
    "../../web/app.py",
    "..%2fapp.py",
    "%2e%2e/app.py",
    "%2e%2e%2fapp.py",
    "%252e%252e%252fapp.py",
    "..%252fapp.py",
    "..\\app.py",
    "..%5capp.py",
    "....//app.py",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%c0%ae%c0%ae/app.py",
    "style.css%00.py",
    "style.css%00",
    "C:\\Windows\\win.ini",
]
LEAKS = ("root:x:0:0", "SECURITY_HEADERS", "def create_app", "[build-system]", "[fonts]")


def _raw_get(port: int, target: bytes) -> tuple[int, bytes]:
    """Send the request line exactly as given (no client normalises it); 0 when the server
    closes the connection without an answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    if not data:
        return 0, b""
    return int(data.split(b" ", 2)[1]), data


def test_path_traversal_stays_inside_the_static_folder(hostile_server):
    port = hostile_server["port"]
    doc = next(iter(hostile_server["docs"]))
    assert _raw_get(port, b"/static/style.css")[0] == 200
    prefixes = ["/static/", "/static/x/", "/documents/", "/api/documents/", "/incidents/", "/api/incidents/"]
    prefixes += ["/actors/", "/api/actors/", f"/documents/{doc}/", "/"]
    tried = 0
    for prefix in prefixes:
        for t in TRAVERSALS:
            status, body = _raw_get(port, (prefix + t).encode())
            tried += 1
            assert 400 <= status < 500, (prefix + t, status)
            assert not any(leak.encode() in body for leak in LEAKS), prefix + t
    for target in (b"/static/style.css\x00.py", b"/static/..\x00/app.py", b"/documents/\x00"):
        status, body = _raw_get(port, target)  # a raw NUL: refused before any route
        assert status in (0, 400), (target, status)
        assert not any(leak.encode() in body for leak in LEAKS)
    assert tried >= 150
    print(f"\nsecurity: {tried} traversal requests, all 4xx")


# --- hardening headers ------------------------------------------------------------------------


def test_security_headers_on_every_route(client, hostile_server):
    from casus.web.app import SECURITY_HEADERS

    doc = next(iter(hostile_server["docs"]))
    incident = hostile_server["docs"][doc][0]
    spec = client.get("/openapi.json").json()
    paths = ["/", "/documents", "/actors", "/graph", "/charts", "/api", "/openapi.json", "/static/style.css"]
    paths += [f"/documents/{doc}", f"/incidents/{incident}", "/actors/IRN"]
    fill = {"incident_id": incident, "doc_id": doc, "actor_id": "IRN"}
    for path, item in spec["paths"].items():
        if "get" in item:
            for name, value in fill.items():
                path = path.replace("{" + name + "}", value)
            paths.append(path)
    paths += ["/no-such-page", "/api/incidents/nope", "/api/incidents?page=0", "/static/missing.css"]
    responses = [client.get(p) for p in paths]
    responses.append(client.post("/api/documents", json={}))  # 401
    responses.append(client.delete("/api/incidents"))  # 405
    statuses = {r.status_code for r in responses}
    print(f"\nsecurity: headers on {len(responses)} responses ({sorted(statuses)})")
    assert {200, 401, 404, 405, 422} <= statuses, statuses
    for r in responses:
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get(name) == value, (r.request.url, r.status_code, name)
        assert "default-src 'none'" in r.headers["Content-Security-Policy"]
        assert "script-src" not in r.headers["Content-Security-Policy"]  # no script source is allowed at all
