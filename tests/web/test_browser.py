"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright, against a
real uvicorn server on loopback over a seeded SQLite store. Checks what a person sees."""

import pytest

from casus.ingest.jsonl import document_from_record
from casus.pipeline import ingest_documents
from casus.store import open_store

from .live import live_server

pytestmark = pytest.mark.browser

ARGS = [
    "--no-sandbox",  # tests run as root in CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HOSTILE_TITLE = {
    "title": 'Notes <script>window.__pwned = 1</script> on <img src=x onerror="window.__pwned=2"> hacking',
    "published": "2031-05-07",
    "text": "A column about passwords, with no incident in it.\n\nUse long ones <b onmouseover=alert(1)>always</b>.",
}
HOSTILE = {
    "title": "Norway blames Russia for hack of parliament email",
    "published": "2031-05-06",
    "url": "javascript:window.__pwned=3",
    "text": "Norway said on Monday that Russia was behind a cyberattack on the parliament's email system "
    "<script>window.__pwned = 4</script> in April.\n\n"
    'Officials said the <a href="javascript:window.__pwned=5" onclick="window.__pwned=6">intruders</a> '
    "stole data from the accounts of several lawmakers.",
}


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory, extractor, seed_examples):
    from casus.web import create_app

    db = str(tmp_path_factory.mktemp("web") / "casus.db")
    seed_examples(db, extractor)
    store = open_store(db)
    doc = document_from_record(HOSTILE, "hostile", "hostile")
    titled = document_from_record(HOSTILE_TITLE, "hostile-title", "hostile-title")
    ingest_documents(store, [doc, titled], extractor=extractor)
    store.close()
    with live_server(create_app(db)) as port:
        yield {"base": f"http://127.0.0.1:{port}", "hostile": doc.id, "hostile_title": titled.id}


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()


def _rows(page) -> list[str]:
    return page.locator("table.incidents tbody a.title").all_inner_texts()


def test_list_filter_by_victim_and_response(page, server):
    page.goto(server["base"] + "/")
    assert len(_rows(page)) >= 3
    page.fill("input[name=victim]", "ALB")
    page.click("button[type=submit]")
    page.wait_for_url("**/?*victim=ALB*")
    assert _rows(page) == ["Albania severs diplomatic ties with Iran over July cyberattack"]
    assert page.inner_text("#total") == "1"
    page.goto(server["base"] + "/")
    page.select_option("select[name=response]", "condemnation")
    page.click("button[type=submit]")
    rows = _rows(page)
    assert any("Georgia" in r for r in rows) and any("Albania" in r for r in rows)
    page.fill("input[name=q]", "defaced")
    page.click("button[type=submit]")
    assert all("Georgia" in r for r in _rows(page)) and _rows(page)
    assert page.errors == []


def test_incident_timeline_quote_leads_to_its_sentence(page, server):
    page.goto(server["base"] + "/?victim=ALB")
    page.click("table.incidents a.title")
    page.wait_for_selector("ol.timeline")
    kinds = page.locator("ol.timeline li .kind").all_inner_texts()
    assert {"FIRST ACTIVITY", "CLAIM", "ATTRIBUTION", "DENIAL", "RESPONSE"} <= {k.upper() for k in kinds}
    event = page.locator("ol.timeline li.response", has_text="sever relations").first
    quote = event.locator("blockquote mark").first.inner_text()
    event.locator("blockquote cite a").first.click()
    page.wait_for_selector("mark#evidence")
    assert page.inner_text("mark#evidence").strip() == quote.strip()
    assert page.locator("mark#evidence").is_visible()
    assert page.errors == []


def test_attribution_graph_and_actor_page(page, server):
    page.goto(server["base"] + "/graph")
    names = page.locator("figure.graph svg a.node text").all_text_contents()
    assert any(n.startswith("Iran") for n in names) and any(n.startswith("Albania") for n in names)
    assert page.locator("figure.graph svg path.edge.attribution").count() >= 3
    page.locator("figure.graph svg a.node", has_text="Iran").first.click()
    page.wait_for_url("**/actors/IRN")
    assert page.inner_text("h1").startswith("Iran")
    assert "As accused" in page.inner_text("main")
    page.goto(server["base"] + "/actors/HomeLand%20Justice")
    assert "Homeland Justice group" in page.inner_text(".aliases")
    assert page.errors == []


def test_charts_draw_bars_with_figures(page, server):
    page.goto(server["base"] + "/charts")
    assert page.locator("figure.chart").count() == 2
    titles = page.locator("figure.chart rect title").all_text_contents()
    assert any("attributed to Iran" in t and t.startswith("2022") for t in titles)
    assert any("Albania: sever relations" in t for t in titles)
    assert page.errors == []


def test_hostile_document_renders_inert(page, server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/documents/" + server["hostile"], "/documents/" + server["hostile_title"], "/documents", "/"):
        page.goto(server["base"] + path)
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("main script, main img").count() == 0, path
    page.goto(server["base"] + "/documents/" + server["hostile_title"])
    assert "<script>window.__pwned = 1</script>" in page.inner_text("h1")
    page.goto(server["base"] + "/documents/" + server["hostile"])
    text = page.inner_text("main")
    assert "<script>window.__pwned = 4</script>" in text  # shown as text, not run
    assert 'onclick="window.__pwned=6"' in text
    assert page.locator("main script, main img, main a[href^='javascript']").count() == 0
    links = page.locator("main a").all()
    for a in links:
        a_href = a.get_attribute("href") or ""
        assert not a_href.lower().startswith("javascript"), a_href
    incident = page.locator("main a[href^='/incidents/']")
    assert incident.count() == 1  # Norway's report became an incident
    if incident.count():
        incident.first.click()
        page.wait_for_selector("ol.timeline")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("main script").count() == 0
    assert dialogs == []


def test_pages_read_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server["base"] + "/")
    page.select_option("select[name=operation]", "defacement")
    page.click("button[type=submit]")
    assert all("Georgia" in r for r in _rows(page)) and _rows(page)
    page.click("table.incidents a.title")
    assert page.locator("ol.timeline blockquote.evidence").count() >= 3
    context.close()


def test_phone_width_has_no_sideways_scroll(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for path in ("/", "/?victim=ALB", "/actors", "/charts", "/graph", "/actors/IRN"):
        page.goto(server["base"] + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    page.goto(server["base"] + "/?victim=ALB")
    page.click("table.incidents a.title")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    context.close()
