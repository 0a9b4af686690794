"""A decision not to share, on the real engine: a worker (from the opened service details) or a data
owner (``familynet withhold add``) records against a person and source that a fact is withheld because
sharing it would be more detrimental to the child, with a reason and a review date. Everyone else is
then told only that a decision withholds it; the recorder still sees it; each decision is audited."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import give_reason
from governed_graph import CHILD_PROTECTION, open_service, tap, withhold, worker

from cli import main
from governance.withholding import WithholdingStore

REASON = "Sharing the investigation now would tip off the father and put Mia at risk"
DECIDED = "GMP Stockport Public Protection: withheld: not shared — a recorded decision"


def test_a_worker_records_a_decision_and_everyone_else_is_told_only_that_it_exists(gapp, governed):
    _, ids = governed
    sam, pat = worker(gapp, "sam"), worker(gapp, "pat")
    for client in (sam, pat):
        give_reason(client, gapp, ids["ryan"], purpose=CHILD_PROTECTION)
    opened = open_service(sam, ids["ryan"], "stk-police")
    assert "Record a decision not to share this" in opened and "DC Sam Hughes" in opened
    done = withhold(sam, ids["ryan"], "stk-police", REASON, "2027-05-01")
    assert "Recorded: withheld from everyone else until it is reviewed on 2027-05-01" in done
    [entry] = gapp.extensions["familynet"].audit.entries(action="withholding_recorded")
    assert entry.actor == "sam" and entry.details == {
        "person": ids["ryan"],
        "source": "stk-police",
        "kind": "",
        "reason": REASON,
        "review": "2027-05-01",
    }
    panel = tap(pat, f"p:{ids['ryan']}", ids["ryan"])
    assert DECIDED in panel and "ask the data owner" in panel
    assert REASON not in panel and "DC Sam Hughes" not in panel  # neither the reason nor the fact
    assert "Not available" in open_service(pat, ids["ryan"], "stk-police")
    api = pat.get(f"/api/person/detail/{ids['ryan']}/service/stk-police").get_json()
    assert api["summary"]["coverageExplanation"].startswith(DECIDED) and api["data"]["involvements"] == []
    withheld = gapp.extensions["familynet"].audit.entries(action="withheld", actor="pat")
    assert {ids["ryan"]: {"stk-police": "decision not to share"}} in [e.details["people"] for e in withheld]
    mine = open_service(sam, ids["ryan"], "stk-police")  # the one who decided still sees it
    assert "DC Sam Hughes" in mine and "You withheld everything it holds from everyone else" in mine


def test_a_data_owner_withholds_one_kind_of_fact_from_the_command_line_and_lifts_it(gapp, governed):
    _, ids = governed
    services = gapp.extensions["familynet"]
    env = {"FAMILYNET_AUDIT_URL": services.settings.audit_url, "FAMILYNET_TODAY": "2026-11-25"}
    args = ["withhold", "add", ids["ryan"], "stk-housing", "--kind", "anti_social_behaviour"]
    args += ["--reason", REASON, "--review", "2027-02-01", "--by", "Tenancy Services Manager"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert "stk-housing withholds its anti social behaviour facts" in result.output
    pat = worker(gapp, "pat")
    opened = open_service(pat, ids["ryan"], "stk-housing")
    assert "Jo Black" in opened and "injunction" not in opened  # the tenancy yes, its ASB facts no
    assert "some facts withheld: a recorded decision not to share them" in opened
    [entry] = services.audit.entries(action="withholding_recorded")
    assert (
        entry.details["decided_by"] == "Tenancy Services Manager"
        and entry.details["kind"] == "anti_social_behaviour"
    )
    [decision] = WithholdingStore(services.audit.engine).active()
    listed = CliRunner().invoke(main, ["withhold", "list"], env=env)
    assert (
        f"#{decision.ident}\t{ids['ryan']}\tstk-housing\tanti_social_behaviour\treview 2027-02-01"
        in listed.output
    )
    lifted = CliRunner().invoke(main, ["withhold", "lift", str(decision.ident)], env=env)
    assert lifted.exit_code == 0 and services.audit.entries(action="withholding_lifted")
    assert "injunction" in open_service(worker(gapp, "kim"), ids["ryan"], "stk-housing")


def test_a_decision_needs_a_reason_and_a_review_date_within_a_year(gapp, governed):
    _, ids = governed
    sam = worker(gapp, "sam")
    assert "say why sharing would be more detrimental" in withhold(
        sam, ids["ryan"], "stk-police", "no", "2027-01-01"
    )
    assert "must be after today and within a year" in withhold(
        sam, ids["ryan"], "stk-police", REASON, "2026-01-01"
    )
    assert "must be after today and within a year" in withhold(
        sam, ids["ryan"], "stk-police", REASON, "2029-01-01"
    )
    assert "give the review date as YYYY-MM-DD" in withhold(sam, ids["ryan"], "stk-police", REASON, "soon")
    assert WithholdingStore(gapp.extensions["familynet"].audit.engine).active() == []


def test_a_forged_decision_is_refused_for_other_authorities_viewers_and_unknown_sources(gapp, governed):
    _, ids = governed
    for client in (worker(gapp, "man", authority="MAN"), worker(gapp, "vic", role="viewer")):
        assert "You may not record a decision" in withhold(
            client, ids["ryan"], "stk-police", REASON, "2027-05-01"
        )
    assert "No such source" in withhold(worker(gapp, "sam"), ids["ryan"], "nope", REASON, "2027-05-01")
    assert WithholdingStore(gapp.extensions["familynet"].audit.engine).active() == []
    assert gapp.extensions["familynet"].audit.entries(action="withholding_recorded") == []
