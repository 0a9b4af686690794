"""Shielded people and addresses, on the real engine: Leah Clarke is in a refuge with her daughter Mia.

Her address, postcode, GP practice and Mia's school nurse must never reach a screen, a Dash callback
(forged ones too), the API, a CSV, the summary (HTML and PDF) or the analyst console; Leah's presence
is shown only to roles that may see shielded people, and opening her needs a recorded confirmation.
Matching still uses what is withheld: the health record without a shield column is the same Leah.
"""

from __future__ import annotations

import io
import json
import shutil

import flask_login
from click.testing import CliRunner
from conftest import add_user, give_reason, open_page, sign_in
from governed_graph import (
    CHILD_PROTECTION,
    GOVERNED,
    REFUGE,
    assert_no_refuge,
    confirm,
    elements_of,
    export_csv,
    governed_settings,
    load_governed,
    open_service,
    post,
    tap,
    worker,
)
from pypdf import PdfReader

from app.analyst.callbacks import run_outputs
from app.shell.auth import SignedIn
from app.shell.shielded import CONFIRM
from cli import main
from governance.shielding import ShieldStore


def test_matching_keeps_one_shielded_leah_and_the_graph_keeps_her_address(governed):
    store, ids = governed
    rows = store.read_only_text(
        "MATCH (p:Person {uid: $uid})-[r:RECORDED_IN]->(s:Source) "
        "RETURN p.shielded AS shielded, p.shield_reason AS reason, s.uid AS source, r.postcode AS postcode",
        {"uid": ids["leah"]},
    ).rows
    assert sorted(r["source"] for r in rows) == ["stk-csc", "stk-health"]  # one Leah, two records
    assert {r["shielded"] for r in rows} == {"yes"} and {r["reason"] for r in rows} == {
        "domestic abuse (refuge)"
    }
    assert {r["postcode"] for r in rows} == {"SK6 7QR"}  # the graph keeps it: matching uses it
    [home] = store.read("list_shielded_people", uids=[])[0]["homes"]
    assert home["address"].startswith("27 Quarry Bank Road")


def test_the_family_page_shows_leah_but_not_where_she_or_mia_lives(gapp, governed):
    _, ids = governed
    client = worker(gapp)
    give_reason(client, gapp, ids["mia"], purpose=CHILD_PROTECTION)
    assert_no_refuge(open_page(client, f"/family/{ids['mia']}"), "by the family page (genogram)")
    page = open_page(client, f"/family/{ids['mia']}?view=network")  # the view that draws every home
    assert_no_refuge(page, "by the family page (network)")
    labels = {e["data"]["id"]: e["data"].get("label") for e in elements_of(page)}
    assert labels[f"p:{ids['leah']}"].startswith("Leah Clarke")  # her presence, for a social worker
    assert labels[f"h:{ids['refuge']}"] == "address withheld"
    assert labels[f"h:{ids['mill']}"].startswith("9 Mill Street")  # Ryan's is not shielded
    assert not any("GP" in str(v) or "School Nursing" in str(v) for v in labels.values())  # they place them
    withheld = {}  # each page and its arrival panel audit what they withheld
    for entry in gapp.extensions["familynet"].audit.entries(action="withheld"):
        for person, sources in entry.details["people"].items():
            withheld.setdefault(person, {}).update(sources)
    assert withheld == {
        ids["mia"]: {"stk-health": "shielded location"},
        ids["leah"]: {"stk-health": "shielded location"},
    }


def test_opening_leah_needs_a_confirmation_which_is_audited(gapp, governed):
    _, ids = governed
    client = worker(gapp)
    first = tap(client, f"p:{ids['leah']}", ids["mia"])
    assert CONFIRM in first and "Shielded person" in first and "3 Sep 1992" not in first
    assert "Leah" not in export_csv(client, {"kind": "person", "uid": ids["leah"]}, ids["mia"])  # not yet
    audit = gapp.extensions["familynet"].audit
    assert audit.entries(action="shield_confirmed") == []
    assert "Confirmed and recorded" in confirm(client, ids["leah"])
    [entry] = audit.entries(action="shield_confirmed")
    assert entry.actor == "sam" and entry.details == {"person": ids["leah"], "via": "screen"}
    panel = tap(client, f"p:{ids['leah']}", ids["mia"])
    assert "Leah Clarke" in panel and "3 Sep 1992" in panel and "address withheld" in panel
    assert "withheld: it could show where a shielded person lives" in panel  # her GP practice
    assert_no_refuge(panel, "by Leah's panel")
    csv_text = export_csv(client, {"kind": "person", "uid": ids["leah"]}, ids["mia"])
    assert "Leah Clarke" in csv_text and "Marple Bridge" not in csv_text
    assert_no_refuge(csv_text, "by Leah's CSV")


def test_a_confirmation_for_someone_not_shielded_or_not_known_is_never_recorded(gapp, governed):
    _, ids = governed
    client = worker(gapp, authority="MAN")  # Manchester: the family is Stockport's
    assert "Confirmed" not in confirm(client, ids["leah"])
    mine = worker(gapp, "pat")
    assert "Already confirmed" in confirm(mine, ids["ryan"])  # nothing to confirm: he is not shielded
    assert ShieldStore(gapp.extensions["familynet"].audit.engine).confirmed("sam", ids["leah"], "") is False
    assert gapp.extensions["familynet"].audit.entries(action="shield_confirmed") == []


def test_a_viewer_is_never_shown_that_leah_is_in_the_family(gapp, governed):
    _, ids = governed
    client = worker(gapp, "vic", role="viewer")
    give_reason(client, gapp, ids["mia"], purpose=CHILD_PROTECTION)
    page = open_page(client, f"/family/{ids['mia']}")  # meeting mode, whatever the URL says
    assert "Mia" in page and "Leah" not in page and ids["leah"] not in page
    assert "Leah" not in tap(client, f"p:{ids['leah']}", ids["mia"])  # a forged tap
    give_reason(client, gapp, ids["leah"], purpose=CHILD_PROTECTION)
    assert "Leah" not in open_page(client, f"/family/{ids['leah']}")
    response = client.get(f"/api/family/{ids['mia']}", headers={"X-Confirm-Shielded": ids["leah"]})
    assert response.status_code == 403 and "Leah" not in response.get_data(as_text=True)  # meeting mode only
    assert client.get(f"/api/person/detail/{ids['leah']}").status_code == 403


def test_forged_taps_exports_and_service_opens_send_nothing_of_the_refuge(gapp, governed):
    store, ids = governed
    client = worker(gapp)
    give_reason(client, gapp, ids["mia"], purpose=CHILD_PROTECTION)
    confirm(client, ids["leah"])
    nursing = store.read_only_text(
        "MATCH (s:Service {name: 'Stockport School Nursing'}) RETURN s.uid AS uid", {}
    ).rows[0]["uid"]
    on_screen = [{"data": {"id": f"p:{ids['mia']}"}}, {"data": {"id": f"p:{ids['leah']}"}}]
    bodies = [
        tap(client, f"h:{ids['refuge']}", ids["mia"]),
        tap(client, f"s:{nursing}", ids["mia"], on_screen),  # the school nurse's service, forged
        open_service(client, ids["mia"], "stk-health"),
        open_service(client, ids["leah"], "stk-health"),
        open_service(client, ids["leah"], "stk-csc"),
        export_csv(client, {"kind": "service", "uid": nursing}, ids["mia"], on_screen),
        export_csv(client, {"kind": "person", "uid": ids["mia"]}, ids["mia"]),
        open_page(client, f"/family/{ids['mia']}/?mode=meeting"),
    ]
    for body in bodies:
        assert_no_refuge(body, "by a forged callback")
        assert "Ruth Evans" not in body and "Anna Wright" not in body  # school nurse, GP
    assert "Nobody in this family is recorded with this service" in bodies[1]


def test_the_api_withholds_the_refuge_and_asks_for_a_confirmation(gapp, governed):
    _, ids = governed
    client = worker(gapp)
    why = {"X-Access-Case-Reference": "CP-2026-7", "X-Access-Purpose": CHILD_PROTECTION}
    refused = client.get(f"/api/person/detail/{ids['leah']}", headers=why)
    assert refused.status_code == 403 and "X-Confirm-Shielded" in refused.get_json()["error"]
    sure = why | {"X-Confirm-Shielded": ids["leah"]}
    answers = [
        client.get(f"/api/person/detail/{ids['leah']}", headers=sure),
        client.get(f"/api/person/detail/{ids['leah']}/service", headers=why),
        client.get(f"/api/person/detail/{ids['mia']}", headers=why),
        client.get(f"/api/person/related/{ids['mia']}/", headers=why),
        client.get(f"/api/family/{ids['mia']}?depth=3", headers=why),
        client.get(f"/api/person/detail/{ids['mia']}/service/stk-health", headers=why),
        client.post("/api/search/person", json={"firstName": "", "lastName": "Clarke"}),
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert_no_refuge(answer.get_data(as_text=True), f"by {answer.request.path}")
    assert answers[0].get_json()["address"] == "address withheld"
    family = answers[4].get_json()
    leah = next(p for p in family["people"] if p["id"] == ids["leah"])
    assert leah["postcode"] is None and {h["address"] for h in leah["households"]} == {"address withheld"}
    [entry] = gapp.extensions["familynet"].audit.entries(action="shield_confirmed")
    assert entry.details == {"person": ids["leah"], "via": "api"}


def test_the_summary_page_and_pdf_name_leah_without_her_gp_or_mias_school_nurse(gapp, governed):
    _, ids = governed
    client = worker(gapp)
    give_reason(client, gapp, ids["mia"], purpose=CHILD_PROTECTION)
    page = client.get(f"/family/{ids['mia']}/summary?depth=2").get_data(as_text=True)
    pdf = client.get(f"/family/{ids['mia']}/summary.pdf?depth=2")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    for body in (page, text):
        assert "Leah" in body and "Ryan" in body
        assert "Marple" not in body and "School Nursing" not in body
        assert_no_refuge(body, "by the summary")


def test_an_administrator_shields_an_address_and_lifts_the_shield(gapp, governed):
    _, ids = governed
    services = gapp.extensions["familynet"]
    shields = ShieldStore(services.audit.engine)
    made = shields.add("address", ids["mill"], "court order", "2027-01-31", "ada")
    client = worker(gapp)
    give_reason(client, gapp, ids["ryan"], purpose=CHILD_PROTECTION)
    page = open_page(client, f"/family/{ids['ryan']}?view=network")
    assert "9 Mill Street" not in page and "SK3 9AA" not in page
    labels = {e["data"]["id"]: e["data"].get("label") for e in elements_of(page)}
    assert labels[f"h:{ids['mill']}"] == "address withheld"
    assert "Ryan Clarke" in page and CONFIRM not in tap(
        client, f"p:{ids['ryan']}", ids["ryan"]
    )  # only his address
    shields.lift(made.ident, "ada")
    assert "9 Mill Street" in open_page(client, f"/family/{ids['ryan']}?view=network")


def test_the_analyst_console_and_familynet_query_never_return_the_refuge(
    gapp, governed, tmp_path, monkeypatch
):
    store, _ = governed
    settings = gapp.extensions["familynet"].settings
    monkeypatch.setenv("FAMILYNET_GRAPH_URL", settings.graph_url)
    monkeypatch.setenv("FAMILYNET_AUDIT_URL", settings.audit_url)
    cypher = (
        "MATCH (h:Household) RETURN h.address AS address, h.postcode AS postcode, toLower(h.postcode) AS low"
    )
    raw = store.read_only_text(cypher, {}).rows
    assert any("Quarry Bank" in r["address"] for r in raw)  # the graph holds it ...
    result = CliRunner().invoke(main, ["query", cypher, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "9 Mill Street" in result.output and "withheld" in result.output
    assert_no_refuge(result.output, "by familynet query")  # ... the console never sends it


def test_every_body_sent_about_the_family_is_free_of_the_refuge(gapp, governed):
    """The sweep: every page, tap, opened service, export and API answer a worker and a viewer can
    get about this family, with and without the confirmation."""
    _, ids = governed
    add_user(gapp, "ada", "admin", "STK")
    admin = gapp.test_client()
    sign_in(admin, "ada")
    bodies = [open_page(admin, "/admin")]
    for role in ("social_worker", "viewer"):
        client = worker(gapp, f"{role}-sweep", role=role)
        for uid in ids.values():
            give_reason(client, gapp, uid, purpose=CHILD_PROTECTION)
        for step in ("before", "after"):
            if step == "after":
                bodies.append(confirm(client, ids["leah"]))
            bodies.append(open_page(client, "/?q=Clarke"))
            for name in ("mia", "leah", "ryan"):
                for search in ("", "?mode=meeting", "?depth=3"):
                    page = open_page(client, f"/family/{ids[name]}/{search}")
                    bodies.append(page)
                    for element in elements_of(page):
                        bodies.append(tap(client, element["data"]["id"], ids[name], elements_of(page)))
                for source in ("stk-csc", "stk-health", "stk-police", "stk-housing"):
                    bodies.append(open_service(client, ids[name], source))
                bodies.append(export_csv(client, {"kind": "person", "uid": ids[name]}, ids[name]))
                for path in (
                    f"/api/person/detail/{ids[name]}",
                    f"/api/person/detail/{ids[name]}/service",
                    f"/api/person/related/{ids[name]}/",
                    f"/api/family/{ids[name]}?depth=3",
                    f"/family/{ids[name]}/summary",
                ):
                    bodies.append(client.get(path).get_data(as_text=True))
    bodies.append(open_page(admin, "/admin"))  # the audit trail of all of the above
    assert len(bodies) > 150
    for body in bodies:
        assert_no_refuge(body, "in the sweep")
        assert not any(value in json.dumps(body) for value in REFUGE)


def meeting_tap(client, element_id: str, focus: str) -> str:
    """Meeting mode's details drawer for a tapped element; a forged edge tap is the same body."""
    values = {
        "meeting-network.tapEdgeData": {"id": element_id},
        "meeting-network.elements": [],
        "meeting-focus.data": focus,
    }
    return post(client, "meeting-details.children", "meeting-network.tapEdgeData", values)


def test_a_viewers_forged_link_tap_does_not_name_leah(gapp, governed):
    _, ids = governed
    client = worker(gapp, "vic", role="viewer")
    give_reason(client, gapp, ids["mia"], purpose=CHILD_PROTECTION)
    body = meeting_tap(client, f"r:PARENT_OF:{ids['leah']}:{ids['mia']}", ids["mia"])
    assert "Leah" not in body and "Link not found" in body
    sam = worker(gapp)
    assert "Leah Clarke" in meeting_tap(sam, f"r:PARENT_OF:{ids['leah']}:{ids['mia']}", ids["mia"])


def test_revealing_an_address_in_meeting_mode_reveals_only_that_it_is_withheld(gapp, governed):
    _, ids = governed
    client = worker(gapp)
    key = f"person|address|0|{ids['mia']}"
    values = {
        "meeting-confirm.n_clicks": 1,
        "meeting-pending.data": key,
        "meeting-reason.value": "who lives here",
        "meeting-network.elements": [],
        "meeting-focus.data": ids["mia"],
    }
    field = {"type": "meeting-field", "key": key}
    text = post(
        client,
        "meeting-dialog-message",
        "meeting-confirm.n_clicks",
        values,
        outputs={"meeting-field": [field]},
    )
    assert "address withheld" in text
    assert_no_refuge(text, "by the reveal")


def test_the_analyst_page_never_shows_the_refuge(gapp, governed):
    add_user(gapp, "ann", "analyst", "STK")
    user = gapp.extensions["governance"].users.get("ann")
    cypher = "MATCH (h:Household) RETURN h.address AS address, h.postcode AS postcode"
    with gapp.test_request_context():
        flask_login.login_user(SignedIn(user))
        outputs = run_outputs(gapp.extensions["familynet"], cypher, "", None)
    text = json.dumps(outputs[3], default=str)  # the table's rows
    assert "9 Mill Street" in text and "withheld" in text
    assert_no_refuge(text, "by the analyst console")


def test_an_administrator_shields_a_person_from_the_command_line_and_lifts_it(gapp, governed):
    _, ids = governed
    settings = gapp.extensions["familynet"].settings
    env = {"FAMILYNET_GRAPH_URL": settings.graph_url, "FAMILYNET_AUDIT_URL": settings.audit_url}
    env["FAMILYNET_TODAY"] = settings.today
    args = [
        "shield",
        "person",
        ids["ryan"],
        "--reason",
        "witness or victim protection",
        "--review",
        "2027-02-01",
    ]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    ident = int(result.output.split()[1].rstrip(":"))
    listed = CliRunner().invoke(main, ["shield", "list"], env=env).output
    assert f"#{ident}\tperson\t{ids['ryan']}\twitness or victim protection\treview 2027-02-01" in listed
    assert f"source\tperson\t{ids['leah']}\tdomestic abuse (refuge)" in listed
    client = worker(gapp)
    assert CONFIRM in tap(client, f"p:{ids['ryan']}", ids["ryan"])  # now he is opened only on confirmation
    confirm(client, ids["ryan"])
    panel = tap(client, f"p:{ids['ryan']}", ids["ryan"])
    assert "9 Mill Street" not in panel and "address withheld" in panel
    assert "withheld: it could show where a shielded person lives" in panel  # his tenancy
    lifted = CliRunner().invoke(main, ["shield", "lift", str(ident)], env=env)
    assert lifted.exit_code == 0 and "9 Mill Street" in tap(
        worker(gapp, "kim"), f"p:{ids['ryan']}", ids["ryan"]
    )
    actions = [e.action for e in gapp.extensions["familynet"].audit.entries()]
    assert "shield_set" in actions and "shield_lifted" in actions
    refused = CliRunner().invoke(
        main, ["shield", "person", "p-nobody", "--reason", "adoption", "--review", "2027-01-01"], env=env
    )
    assert refused.exit_code != 0 and "no person 'p-nobody' is in the graph" in refused.output


def test_a_source_can_shield_an_address_without_shielding_the_person(tmp_path):
    folder = tmp_path / "extracts"
    shutil.copytree(GOVERNED, folder)
    police = folder / "police.csv"
    lines = police.read_text().splitlines()
    police.write_text("\n".join([lines[0] + ",Address Restricted", lines[1] + ",Y"]) + "\n")
    mapping = folder / "police.toml"
    mapping.write_text(
        mapping.read_text().replace(
            'postcode = "Postcode"\n', 'postcode = "Postcode"\naddress_shielded = "Address Restricted"\n', 1
        )
    )
    store = load_governed(governed_settings(tmp_path), tmp_path / "r", folder)
    [home] = store.read("list_shielded_households", uids=[])
    assert home["address"].startswith("9 Mill Street") and home["source"] == "stk-police"
    ryan = store.read_only_text("MATCH (p:Person {given_name: 'Ryan'}) RETURN p.shielded AS s", {}).rows
    assert ryan == [{"s": None}]  # the person is not shielded: only the address
    store.close()
