"""The JSON API over a real store on both back ends: filters, evidence, errors, writes, headers."""

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from casus.models import RESPONSE_TYPES
from casus.web import create_app

TOKEN = "a-write-token-of-some-length"


@pytest.fixture
def client(seeded_url):
    with TestClient(create_app(seeded_url, write_token=TOKEN)) as c:
        yield c


def _ids(client, **params) -> list[str]:
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["items"]]


def _albania(client) -> dict:
    [item] = client.get("/api/incidents", params={"victim": "ALB"}).json()["items"]
    return item


def test_list_and_filters(client):
    body = client.get("/api/incidents").json()
    assert body["total"] == len(body["items"]) >= 2 and body["page"] == 1
    alb = _albania(client)
    assert alb["victims"] == ["ALB"] and "HomeLand Justice" in alb["claimed_by"]
    assert {a["to"] for a in alb["attributions"]} == {"IRN"}
    assert _ids(client, attributed_to="IRN") == [alb["id"]]
    assert _ids(client, attributed_by="ALB") == [alb["id"]]
    assert _ids(client, response="sever_relations") == [alb["id"]]
    assert _ids(client, responder="ALB", response="expel_diplomats") == [alb["id"]]
    assert alb["id"] not in _ids(client, attributed_to="RUS")
    assert _ids(client, victim="GEO") and _ids(client, victim="GEO") != [alb["id"]]
    assert _ids(client, since="2022-01-01", until="2022-12-31") == [alb["id"]]
    assert alb["id"] not in _ids(client, until="2021-12-31")
    assert _ids(client, q="HomeLand Justice") == [alb["id"]]
    assert _ids(client, q="embassy staff expelled", victim="GEO") == []
    assert _ids(client, victim="", response="", q="") == _ids(client)  # empty form fields: no filter


def test_pagination_is_bounded(client):
    first = client.get("/api/incidents", params={"per_page": 1, "page": 1}).json()
    second = client.get("/api/incidents", params={"per_page": 1, "page": 2}).json()
    assert first["total"] >= 2 and len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    past = client.get("/api/incidents", params={"per_page": 100, "page": 99}).json()
    assert past["items"] == [] and past["total"] == first["total"]


@pytest.mark.parametrize(
    "params, name",
    [
        ({"per_page": 101}, "per_page"),
        ({"per_page": 0}, "per_page"),
        ({"page": "two"}, "page"),
        ({"response": "war"}, "response"),
        ({"operation": "hack"}, "operation"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2022-02-30"}, "since"),
        ({"since": "0"}, "since"),
        ({"sector": "Government"}, "sector"),
        ({"q": "x" * 201}, "q"),
        ({"victim": "V" * 101}, "victim"),
    ],
)
def test_malformed_parameters_are_422_naming_them(client, params, name):
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 422
    assert r.json()["detail"].startswith(f"{name}:")
    [issue] = r.json()["errors"]  # FastAPI's validation-error list, one entry per parameter
    assert issue["loc"] == ["query", name] and issue["msg"] and issue["type"]
    page = client.get("/", params=params)
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]
    assert name in page.text


INJECTIONS = [
    "' OR '1'='1",
    "ALB'; DROP TABLE incidents; --",
    '" OR 1=1 --',
    "ALB) UNION SELECT id, title, profile, created_at, updated_at FROM incidents --",
    "%' OR 'x' LIKE '%",
    "\\'; SELECT pg_sleep(5); --",
    'NEAR("a" "b") OR * AND ^',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_every_filter_are_bound(client, value):
    before = client.get("/api/stats").json()["counts"]
    for name in ("q", "victim", "attributed_to", "attributed_by", "responder", "claimed_by", "actor"):
        r = client.get("/api/incidents", params={name: value})
        assert r.status_code == 200, (name, r.text)
        assert r.json()["items"] == [], name
        assert client.get("/", params={name: value}).status_code == 200
    for name in ("response", "operation", "sector", "since", "until"):
        assert client.get("/api/incidents", params={name: value}).status_code == 422
    for path in ("/api/incidents/", "/api/documents/", "/api/actors/", "/incidents/", "/documents/", "/actors/"):
        too_long = len(value) > (100 if "actors" in path else 64)  # ids are bounded: malformed, not unknown
        assert client.get(path + quote(value, safe="")).status_code == (422 if too_long else 404), path
    assert client.get("/api/stats").json()["counts"] == before


def test_incident_detail_quotes_point_into_documents(client):
    alb = _albania(client)
    detail = client.get(f"/api/incidents/{alb['id']}").json()
    kinds = [e["kind"] for e in detail["timeline"]]
    assert {"first_activity", "claim", "attribution", "denial", "response"} <= set(kinds)
    dated = [e["date"] for e in detail["timeline"] if e["date"]]
    assert dated == sorted(dated)
    texts = {}
    for entry in detail["timeline"]:
        assert entry["quotes"], entry
        for q in entry["quotes"]:
            if q["doc_id"] not in texts:
                texts[q["doc_id"]] = client.get(f"/api/documents/{q['doc_id']}").json()["text"]
            assert texts[q["doc_id"]][q["start"] : q["end"]].strip() == q["sentence"]
    severed = [e for e in detail["timeline"] if e["kind"] == "response" and "sever" in e["text"]]
    assert severed and severed[0]["date"] == "2022-09-07"
    assert len(detail["documents"]) == detail["n_sources"] == len(detail["sources"])
    assert all(r["doc_id"] in texts or r["doc_id"] in {d["id"] for d in detail["documents"]} for r in detail["reports"])


def test_unknown_ids_are_404(client):
    for path in (
        "/api/incidents/000000000000",
        "/api/incidents/000000000000/graph",
        "/api/documents/" + "0" * 64,
        "/api/actors/ZZZ",
        "/incidents/000000000000",
        "/documents/" + "0" * 64,
        "/actors/ZZZ",
        "/no/such/page",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "no " in (r.json()["detail"] if path.startswith("/api") else r.text)


def test_actor_pages_roles_and_aliases(client):
    actors = {a["id"]: a for a in client.get("/api/actors").json()}
    assert actors["IRN"]["roles"]["accused"] == 1 and actors["IRN"]["roles"]["denier"] == 1
    assert actors["ALB"]["name"] == "Albania" and actors["ALB"]["roles"]["victim"] == 1
    iran = client.get("/api/actors/IRN").json()
    assert [i["victims"] for i in iran["as_accused"]] == [["ALB"]]
    albania = client.get("/api/actors/ALB").json()
    assert {r["type"] for r in albania["responses"]} >= {"sever_relations", "expel_diplomats"}
    group = client.get("/api/actors/" + quote("HomeLand Justice")).json()
    assert group["kind"] == "group" and group["sponsor"] == "IRN" and group["as_claimant"]
    page = client.get("/actors/" + quote("HomeLand Justice", safe=""))
    assert page.status_code == 200 and "Homeland Justice group" in page.text


def test_graph_stats_and_export(client):
    alb = _albania(client)
    g = client.get(f"/api/incidents/{alb['id']}/graph").json()
    edges = {(e["kind"], e["from"], e["to"]) for e in g["edges"]}
    assert ("attribution", "ALB", "IRN") in edges and ("response", "ALB", "IRN") in edges
    assert ("claim", "HomeLand Justice", "ALB") in edges
    assert {"ALB", "IRN"} <= {n["id"] for n in g["nodes"]}
    whole = client.get("/api/graph").json()
    assert ("attribution", "GBR", "RUS") in {(e["kind"], e["from"], e["to"]) for e in whole["edges"]}
    stats = client.get("/api/stats").json()
    assert {"year": "2022", "accused": "IRN", "incidents": 1} in stats["incidents_per_year"]
    assert {r["type"] for r in stats["responses"]} <= set(RESPONSE_TYPES)
    export = client.get("/api/export", params={"attributed_to": "IRN"}).json()
    assert export["format"] == "casus-summary/1"
    assert [i["id"] for i in export["incidents"]] == [alb["id"]] and export["incidents"][0]["sources"]


def test_security_headers_on_every_kind_of_response(client):
    for path in ("/", "/api/incidents", "/static/style.css", "/nope", "/api/incidents?per_page=0"):
        h = client.get(path).headers
        assert "default-src 'none'" in h["content-security-policy"] and "script-src" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"


def test_openapi_and_api_page(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/incidents", "/api/incidents/{incident_id}", "/api/actors", "/api/documents", "/api/export"} <= set(
        spec["paths"]
    )
    names = {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"q", "victim", "attributed_to", "attributed_by", "response", "operation", "since", "until"} <= names
    assert "/api/incidents/{incident_id}" in client.get("/api").text


ARTICLE = {
    "title": "Montenegro blames Cuba for hack of ministry servers",
    "published": "2031-03-04",
    "text": "Montenegro said on Tuesday that Cuba was behind a ransomware attack that crippled the servers of "
    "its finance ministry in February.\n\nCuba's foreign ministry denied any involvement.",
}


def test_post_document_needs_the_token(client):
    before = client.get("/api/stats").json()["counts"]
    assert client.post("/api/documents", json=ARTICLE).status_code == 401
    assert client.post("/api/documents", json=ARTICLE, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/api/documents", json={"text": ""}, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401  # the token is checked before the body
    assert client.get("/api/stats").json()["counts"] == before


def test_post_document_ingests_once(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/documents", json=ARTICLE, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "stored" and body["incidents"]
    [item] = client.get("/api/incidents", params={"victim": "MNE"}).json()["items"]
    assert item["id"] in body["incidents"] and {a["to"] for a in item["attributions"]} == {"CUB"}
    again = client.post("/api/documents", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "already stored"
    assert client.post("/api/documents", json={"text": "  "}, headers=auth).status_code == 422
    assert client.post("/api/documents", json={"title": "no text"}, headers=auth).status_code == 422
    bad_date = client.post("/api/documents", json={**ARTICLE, "published": "someday"}, headers=auth)
    assert bad_date.status_code == 422 and "published" in bad_date.json()["detail"]


def test_read_only_server_refuses_writes(seeded_url):
    with TestClient(create_app(seeded_url)) as c:
        r = c.post("/api/documents", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 401 and "read-only" in r.json()["detail"]


def test_actor_by_alias_and_reference_search(seeded_url, tmp_path):
    from casus.actors import Knowledge

    aliases = tmp_path / "aliases.toml"
    aliases.write_text('["HomeLand Justice"]\naliases = ["HJ Team"]\n')
    with TestClient(create_app(seeded_url, knowledge=Knowledge.from_file(aliases))) as c:
        hj = c.get("/api/actors/" + quote("hj team")).json()
        assert hj["id"] == "HomeLand Justice" and hj["sponsor"] == "IRN" and "HJ Team" in hj["aliases"]
        assert hj["misp_cluster"]["value"] == "HomeLand Justice" and hj["local_aliases"]
        assert [i["title"] for i in hj["as_claimant"]] and hj["roles"] == {"claimant": 1}
        apt28 = c.get("/api/actors/" + quote("Fancy Bear")).json()
        assert apt28["id"] == "APT28" and apt28["as_accused"] == [] and apt28["roles"] == {}
        page = c.get("/actors/" + quote("Fancy Bear"))
        assert page.status_code == 200 and "No incidents in this store involve APT28" in page.text
        assert "5b4ee3ea-eee3-4c8e-8323-85ae32658754" in page.text
        found = c.get("/actors", params={"q": "homeland"})
        assert "HomeLand Justice" in found.text and "Reference data matching" in found.text
