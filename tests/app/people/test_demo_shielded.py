"""``make demo``'s data, loaded: its register entries are complete, and the mother Stockport's
case-management system marks location-restricted is shielded; her address (which the other agencies'
extracts record as usual) appears in no page, callback, export or API answer about her family."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import add_user, give_reason, open_page, sign_in
from governed_graph import confirm, elements_of, export_csv, open_service, tap
from pypdf import PdfReader

from app import create_app
from familynet import Settings
from governance.register import register_report
from graph import open_store
from loaders.generate import generate
from loaders.load import load_paths

MAKEFILE = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
DEMO_PEOPLE = int(re.search(r"^DEMO_PEOPLE \?= (\d+)$", MAKEFILE, re.M)[1])
DEMO_SEED = int(re.search(r"familynet generate --people \$\(DEMO_PEOPLE\) --seed (\d+)", MAKEFILE)[1])
TODAY = date(2026, 11, 1)  # the generator's default day


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    generate(DEMO_PEOPLE, DEMO_SEED, tmp / "extracts", TODAY)
    settings = Settings(
        graph_url=f"embedded://{tmp}/g.db", today=TODAY.isoformat(), audit_url=f"sqlite:///{tmp}/audit.db"
    )
    store = open_store(settings)
    report = load_paths(store, [tmp / "extracts"], tmp / "report", TODAY, require_register=True)
    assert not report.failed_files, [f.error for f in report.failed_files]  # production would load it
    yield store, tmp / "extracts"
    store.close()


def the_shielded(store) -> tuple[str, list[str]]:
    [row] = [r for r in store.read("list_shielded_people", uids=[]) if r["match_of"] is None]
    texts = [row["postcode"], row["postcode"].replace(" ", "")]
    for home in row["homes"]:
        texts += [home["address"].split(",")[0], home["postcode"]]
    return row["uid"], sorted({t for t in texts if t})


def test_the_demo_shields_one_mother_whom_other_agencies_record_at_the_same_address(demo):
    store, extracts = demo
    uid, texts = the_shielded(store)
    with open(extracts / "csc_stk_people.csv", encoding="utf-8") as f:
        [row] = [r for r in csv.DictReader(f) if r["Location Restricted"] == "Y"]
    assert row["Restriction Reason"] == "domestic abuse (refuge)"
    street = row["Address"].split(",")[0]
    assert street in texts and row["Postcode"] in texts
    elsewhere = [
        p.name
        for p in extracts.glob("*")
        if p.suffix in (".csv", ".jsonl") and street in p.read_text(errors="replace")
    ]
    assert len(elsewhere) > 1, (
        elsewhere
    )  # health, school, early help ... recorded her (or her children) there
    with open(extracts / "ground_truth.csv", encoding="utf-8") as f:
        truth = list(csv.DictReader(f))
    key = next(t["person"] for t in truth if t["source"] == "csc-stk" and t["record_id"] == row["Person ID"])
    hers = [(t["source"], t["record_id"]) for t in truth if t["person"] == key]
    assert len(hers) > 1  # other agencies hold records of her
    shielded = {r["uid"] for r in store.read("list_shielded_people", uids=[])}
    for source, record in hers:  # each record is her, or a possible match of her, shielded too
        [found] = store.read_only_text(
            "MATCH (p:Person)-[r:RECORDED_IN {record_id: $id}]->(:Source {uid: $source}) RETURN p.uid AS uid",
            {"id": record, "source": source},
        ).rows
        assert found["uid"] in shielded, (source, record)


def test_the_demo_register_is_complete_with_one_review_overdue(demo):
    store, _ = demo
    lines = register_report(store, TODAY)
    assert len(lines) == 12 and all(not line.missing for line in lines)
    assert [line.uid for line in lines if line.overdue] == ["housing-stk"]
    police = next(line for line in lines if line.uid == "gmp-stk")
    assert "Early help assessment" not in police.entry.purposes


def test_no_page_callback_export_or_api_answer_about_her_family_holds_her_address(demo, tmp_path):
    store, _ = demo
    uid, texts = the_shielded(store)
    app = create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)
    family = [r["person"] for r in store.read("get_family_network", uid=uid, depth=2)]
    assert len(family) > 1
    bodies = []
    for name, role in (("sam", "social_worker"), ("vic", "viewer"), ("ada", "admin")):
        add_user(app, name, role, "STK")
        client = app.test_client()
        sign_in(client, name)
        if role == "admin":
            bodies += [open_page(client, "/admin")]
            continue
        for person in family:
            give_reason(client, app, person["uid"])
        bodies.append(confirm(client, uid))
        for person in family:
            bodies.append(open_page(client, f"/?q={person.get('given_name')} {person.get('family_name')}"))
            for search in ("", "?mode=meeting"):
                page = open_page(client, f"/family/{person['uid']}/{search}")
                bodies.append(page)
                elements = elements_of(page)
                bodies += [tap(client, e["data"]["id"], person["uid"], elements) for e in elements]
            for source in ("csc-stk", "health-stk", "school-stk", "eh-stk", "gmp-stk", "housing-stk"):
                bodies.append(open_service(client, person["uid"], source))
            bodies.append(export_csv(client, {"kind": "person", "uid": person["uid"]}, person["uid"]))
            headers = {"X-Confirm-Shielded": uid}
            for path in (
                f"/api/person/detail/{person['uid']}",
                f"/api/person/detail/{person['uid']}/service",
                f"/api/person/related/{person['uid']}/",
                f"/api/family/{person['uid']}?depth=3",
                f"/family/{person['uid']}/summary",
            ):
                bodies.append(client.get(path, headers=headers).get_data(as_text=True))
            pdf = client.get(f"/family/{person['uid']}/summary.pdf")
            if pdf.status_code == 200:
                bodies.append("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
            search = {
                "firstName": person.get("given_name") or "",
                "lastName": person.get("family_name") or "",
            }
            bodies.append(client.post("/api/search/person", json=search).get_data(as_text=True))
    assert len(bodies) > 100
    for body in bodies:
        for text in texts:
            assert text.lower() not in body.lower(), f"{text!r} was sent: {body[:200]}"
