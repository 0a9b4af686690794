"""The command line: weak passwords refused wherever a password is set, and ``familynet query`` taking a
long one-line query as Cypher rather than as a file name (issue 16, item 16)."""

from __future__ import annotations

import json

import pytest
from analyst_graph import TODAY, build_sample_graph
from click.testing import CliRunner

from cli import main
from familynet import Settings
from governance.users import UserError, UserStore
from graph import open_store

STRONG = "correct-horse-battery-staple"

# (description, password, the user it is for) — each is refused with a sentence saying why
WEAK = [
    ("one letter repeated", "aaaaaaaaaaaa", "sam"),
    ("the most common password with digits", "password1234", "sam"),
    ("a keyboard row", "qwertyuiop12", "sam"),
    ("a common password, capitalised", "Password123!", "sam"),
    ("digits in order", "1234567890123", "sam"),
    ("the alphabet", "abcdefghijklmn", "sam"),
    ("the user's own name and a year", "kelly.smith2026", "kelly.smith"),
    ("too short however random", "x7#Qp!2", "sam"),
]


@pytest.fixture
def audit_env(tmp_path) -> dict[str, str]:
    return {"FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db"}


def add(env: dict[str, str], name: str, password: str):  # noqa: ANN202
    return CliRunner().invoke(
        main,
        ["users", "add", name, "--role", "social_worker", "--authority", "STK", "--password-stdin"],
        input=password + "\n",
        env=env,
    )


@pytest.mark.parametrize("description, password, name", WEAK, ids=[w[0] for w in WEAK])
def test_users_add_refuses_a_weak_password_with_a_reason(audit_env, description, password, name):
    done = add(audit_env, name, password)
    assert done.exit_code == 1
    assert "password" in done.output and ("too easy to guess" in done.output or "at least 12" in done.output)
    assert UserStore(audit_env["FAMILYNET_AUDIT_URL"]).get(name) is None


def test_set_password_refuses_a_weak_one_and_keeps_the_old(audit_env):
    assert add(audit_env, "sam", STRONG).exit_code == 0
    done = CliRunner().invoke(
        main, ["users", "set-password", "sam", "--password-stdin"], input="aaaaaaaaaaaa\n", env=audit_env
    )
    assert done.exit_code == 1 and "too easy to guess" in done.output
    users = UserStore(audit_env["FAMILYNET_AUDIT_URL"])
    assert users.authenticate("sam", STRONG) is not None and users.authenticate("sam", "aaaaaaaaaaaa") is None


def test_every_way_of_setting_a_password_applies_the_policy(tmp_path):
    users = UserStore(f"sqlite:///{tmp_path}/audit.db")
    with pytest.raises(UserError, match="too easy to guess"):
        users.add("sam", "aaaaaaaaaaaa", "social_worker", "STK")
    users.add("sam", STRONG, "social_worker", "STK")
    with pytest.raises(UserError, match="too easy to guess"):
        users.set_password("sam", "password1234")
    with pytest.raises(UserError, match="at most 256"):
        users.set_password("sam", "word " * 60)


def test_a_strong_passphrase_is_accepted(audit_env):
    done = add(audit_env, "sam", STRONG)
    assert done.exit_code == 0, done.output


@pytest.fixture(scope="module")
def graph_env(tmp_path_factory) -> dict[str, str]:
    tmp_path = tmp_path_factory.mktemp("cli")
    graph_url = f"embedded://{tmp_path}/g.db"
    store = open_store(Settings(graph_url=graph_url))
    build_sample_graph(store)
    store.close()
    return {
        "FAMILYNET_GRAPH_URL": graph_url,
        "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db",
        "FAMILYNET_TODAY": TODAY.isoformat(),
    }


@pytest.mark.parametrize("items", [100, 1500], ids=["longer than a file name", "longer than a path"])
def test_a_long_one_line_query_runs_as_cypher(graph_env, items):
    text = "RETURN size([" + ", ".join(str(i) for i in range(items)) + "]) AS n"
    assert "\n" not in text and len(text) > 255
    done = CliRunner().invoke(main, ["query", text, "--format", "json"], env=graph_env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["rows"] == [{"n": items}]


def test_a_query_file_is_still_read(graph_env, tmp_path):
    path = tmp_path / "count.cypher"
    path.write_text("MATCH (p:Person) RETURN count(p) AS people\n")
    done = CliRunner().invoke(main, ["query", str(path), "--format", "json"], env=graph_env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["columns"] == ["people"]
