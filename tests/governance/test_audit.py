"""The audit trail is tamper-evident on SQLite and on a real PostgreSQL, and safe across processes.

PostgreSQL comes from FAMILYNET_TEST_POSTGRES_URL, which `make test` and .ci/run set after
installing and starting a local server (tools/test-postgres.sh). Each pytest session works in a schema
of its own on that database (dropped at the end), so sessions run at once never share audit tables.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import stat
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from cli import main
from governance.audit import AuditLog
from governance.db import Base, dispose_all, engine_for
from governance.keys import AUDIT_KEY_FILE, data_folder
from governance.users import UserStore

POSTGRES_ENV = "FAMILYNET_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_url():
    """The test PostgreSQL, in a schema of this session's own (its URL sets the search path, also for
    the CLI run in a subprocess): another pytest session running at once uses another schema."""
    server = os.environ.get(POSTGRES_ENV)
    assert server, (
        f"{POSTGRES_ENV} is not set: run `make test` (it starts PostgreSQL) or tools/test-postgres.sh"
    )
    schema = f"test_{uuid.uuid4().hex}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{server}{'&' if '?' in server else '?'}options={quote(f'-csearch_path={schema}')}"
    dispose_all()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/audit.db"
        return
    pg = request.getfixturevalue("postgres_url")
    Base.metadata.drop_all(engine_for(pg))  # a clean database for each test
    dispose_all()
    yield pg
    dispose_all()


def filled(url: str, n: int = 5) -> AuditLog:
    log = AuditLog(url)
    for i in range(n):
        log.record(f"user{i}", "view_family", person_id=f"P{i}", case_reference="CIN-1")
    return log


def verify_cli(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", "verify"], env={"FAMILYNET_AUDIT_URL": url})
    return result.exit_code, result.output


def sql(log: AuditLog, statement: str) -> None:
    with log.engine.begin() as connection:
        connection.execute(text(statement))


def test_an_untouched_trail_verifies(url):
    log = filled(url)
    assert log.verify() == []
    code, output = verify_cli(url)
    assert code == 0 and "intact: 5 entries" in output


TAMPERING = [
    ("edit a detail", "UPDATE audit_log SET detail = replace(detail, 'P2', 'P9') WHERE seq = 3", 3),
    ("edit who did it", "UPDATE audit_log SET actor = 'someone' WHERE seq = 1", 1),
    ("edit the time", "UPDATE audit_log SET at = '2020-01-01T00:00:00.000+00:00' WHERE seq = 4", 4),
    ("delete a middle entry", "DELETE FROM audit_log WHERE seq = 2", 3),
    ("delete the first entry", "DELETE FROM audit_log WHERE seq = 1", 2),
    ("delete the last entry", "DELETE FROM audit_log WHERE seq = 5", 5),
    ("delete the last two", "DELETE FROM audit_log WHERE seq >= 4", 5),
    ("delete everything", "DELETE FROM audit_log", 5),
    ("delete the anchor", "DELETE FROM audit_anchor", 5),
]


@pytest.mark.parametrize("description, statement, seq", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_any_edit_or_deletion_is_detected(url, description, statement, seq):
    log = filled(url)
    sql(log, statement)
    problems = log.verify()
    assert seq in [p.seq for p in problems], problems
    code, output = verify_cli(url)
    assert code == 1 and f"entry {seq}:" in output and "NOT intact" in output


def test_appending_after_a_deleted_last_entry_does_not_hide_it(url):
    log = filled(url)
    sql(log, "DELETE FROM audit_log WHERE seq = 5")
    log.record("next", "login")  # follows the anchor (seq 6), leaving the gap visible
    assert {p.seq for p in log.verify()} == {6}


def test_export_writes_a_period_as_csv_with_hashes(url, tmp_path):
    log = filled(url, 3)
    sql(log, "UPDATE audit_log SET at = '2026-01-15T10:00:00.000+00:00' WHERE seq = 2")  # (breaks the chain)
    out = tmp_path / "audit.csv"
    result = CliRunner().invoke(
        main,
        ["audit", "export", "--from", "2026-01-15", "--to", "2026-01-15", "--out", str(out)],
        env={"FAMILYNET_AUDIT_URL": url},
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["seq"], r["actor"], r["action"]) for r in rows] == [("2", "user1", "view_family")]
    assert len(rows[0]["hash"]) == 64 and '"person_id":"P1"' in rows[0]["detail"]
    assert AuditLog(url).entries(action="export")[-1].details["rows"] == 1  # the export is audited


def test_export_neutralises_spreadsheet_formulas(tmp_path):
    log = AuditLog(f"sqlite:///{tmp_path}/a.db")
    log.record('=HYPERLINK("http://evil")', "login")
    out = io.StringIO()
    log.export_csv(out)
    assert "'=HYPERLINK" in out.getvalue()


APPENDER = textwrap.dedent("""
    import sys
    from governance.audit import AuditLog
    log = AuditLog(sys.argv[1])
    for i in range(int(sys.argv[3])):
        log.record(sys.argv[2], "search", n=i)
""")


def test_processes_appending_at_once_keep_one_unbroken_chain(url):
    AuditLog(url)  # tables exist before the race starts
    workers, each = 4, 25
    procs = [
        subprocess.Popen([sys.executable, "-c", APPENDER, url, f"w{w}", str(each)]) for w in range(workers)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * workers
    log = AuditLog(url)
    entries = log.entries()
    assert len(entries) == workers * each
    assert [e.seq for e in entries] == list(range(1, workers * each + 1))
    assert log.verify() == []


def test_users_live_in_the_same_database(url):
    users = UserStore(url)
    users.add("sam", "correct-horse-battery", "social_worker", "stk")
    assert users.authenticate("sam", "correct-horse-battery").authority == "STK"
    assert users.authenticate("sam", "wrong-password-here") is None
    assert users.authenticate("nobody", "correct-horse-battery") is None


# --- issue 16 item 12: the chain is keyed with a secret outside the database; no anchor is adopted ---


def audit_key_of(url: str) -> str:
    """The installation's audit key file for this trail (the data folder, as the CLI finds it)."""
    return (data_folder(url) / AUDIT_KEY_FILE).read_text().strip()


def plain_sha256_rebuild(log: AuditLog) -> None:
    """What someone with write access to the database can do: edit an entry and recompute every hash
    after it, and the anchor, with the algorithm published in the source (unkeyed SHA-256)."""
    rewrite_chain(log, lambda payload: hashlib.sha256(payload).hexdigest())


def guessed_key_rebuild(log: AuditLog) -> None:
    rewrite_chain(log, lambda payload: hmac.new(b"familynet" * 4, payload, hashlib.sha256).hexdigest())


CHAIN = text("SELECT seq, at, actor, action, detail FROM audit_log ORDER BY seq")
REHASH = text("UPDATE audit_log SET detail = :d, prev_hash = :p, hash = :h WHERE seq = :s")
REANCHOR = text("UPDATE audit_anchor SET seq = :s, hash = :h")


def rewrite_chain(log: AuditLog, digest) -> None:  # noqa: ANN001 - a function of bytes
    with log.engine.begin() as connection:
        rows = connection.execute(CHAIN).all()
        prev = "0" * 64
        for seq, at, actor, action, detail in rows:
            if seq == 2:
                detail = detail.replace("P1", "P7")  # the edit being hidden
            new = digest(json.dumps([seq, at, actor, action, detail, prev], separators=(",", ":")).encode())
            connection.execute(REHASH, {"d": detail, "p": prev, "h": new, "s": seq})
            prev = new
        connection.execute(REANCHOR, {"s": rows[-1][0], "h": prev})  # the anchor names the rebuilt head


def cut_and_repoint_anchor(log: AuditLog) -> None:
    """Delete the last two entries and point the anchor at the entry that is now last."""
    with log.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq >= 4"))
        seq, digest = connection.execute(text("SELECT seq, hash FROM audit_log WHERE seq = 3")).one()
        connection.execute(REANCHOR, {"s": seq, "h": digest})


REBUILDS = [
    ("edit an entry and rebuild the chain with unkeyed SHA-256", plain_sha256_rebuild),
    ("edit an entry and rebuild the chain with a guessed key", guessed_key_rebuild),
    ("cut the last entries and point the anchor at the new last one", cut_and_repoint_anchor),
]


@pytest.mark.parametrize("description, tamper", REBUILDS, ids=[r[0] for r in REBUILDS])
def test_whoever_edits_the_database_cannot_rebuild_a_valid_chain_without_the_key(url, description, tamper):
    log = filled(url)
    tamper(log)
    assert log.verify() != []
    code, output = verify_cli(url)
    assert code == 1 and "NOT intact" in output


def test_the_key_is_kept_outside_the_audit_database(url, tmp_path):
    log = filled(url)
    key_file = data_folder(url) / AUDIT_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = audit_key_of(url)
    with log.engine.connect() as connection:
        for table in ("audit_log", "audit_anchor"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608 - fixed names
            assert rows and key not in repr(rows)
    if url.startswith("sqlite"):
        assert key.encode() not in Path(url.removeprefix("sqlite:///")).read_bytes()


def test_a_deleted_anchor_is_never_adopted(url):
    log = filled(url)
    sql(log, "DELETE FROM audit_log WHERE seq >= 4")
    sql(log, "DELETE FROM audit_anchor")
    assert log.verify() != []
    log.record("next", "login")  # the app keeps recording, but says where the trail was cut
    log.record("later", "logout")
    problems = log.verify()
    assert [p.seq for p in problems] == [4] and "new segment" in problems[0].reason
    code, output = verify_cli(url)
    assert code == 1 and "entry 4:" in output and "new segment" in output
    assert [e.action for e in log.entries()][-3:] == ["audit_segment_started", "login", "logout"]


def test_a_trail_checked_with_another_key_says_which_key_to_use(url):
    filled(url)
    problems = AuditLog(url, key=b"some-other-installation-key-0123").verify()
    assert any("audit key" in p.reason for p in problems)


def test_the_audit_key_can_come_from_a_setting(url):
    secret = "a-long-random-audit-key-from-the-council-vault"
    log = AuditLog(url, key=secret.encode())
    log.record("sam", "login")
    result = CliRunner().invoke(
        main, ["audit", "verify"], env={"FAMILYNET_AUDIT_URL": url, "FAMILYNET_AUDIT_KEY": secret}
    )
    assert result.exit_code == 0, result.output
    assert verify_cli(url)[0] == 1  # the key file's key is another key
