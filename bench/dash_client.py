"""A signed-in user of a running familynet, sending what Dash's renderer sends: the sign-in form, then
callback POSTs to /_dash-update-component with the CSRF header (bench/load_users.py drives many)."""

from __future__ import annotations

import json
from typing import Any

import requests

PASSWORD = "bench-password-not-for-production"
TIMEOUT_S = 30


class Browser:
    """One signed-in user's session, sending what Dash's renderer sends."""

    def __init__(self, base: str, name: str, deps: list[dict] | None = None) -> None:
        self.base, self.name = base, name
        self.http = requests.Session()
        self.reasons: set[str] = set()
        self.deps = deps

    def sign_in(self) -> None:
        self.http.get(f"{self.base}/login", timeout=TIMEOUT_S)
        token = self.http.cookies.get("_csrf_token")
        answer = self.http.post(
            f"{self.base}/login",
            data={"name": self.name, "password": PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=TIMEOUT_S,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in failed for {self.name}: {answer.status_code}")
        self.http.headers["X-CSRFToken"] = self.http.cookies.get("_csrf_token")
        if self.deps is None:
            self.deps = self.http.get(f"{self.base}/_dash-dependencies", timeout=TIMEOUT_S).json()

    def callback(self, output_has: str, inputs: dict[str, Any], state: dict[str, Any]) -> dict:
        """POST the callback whose output names ``output_has``, with values for its inputs and state."""
        dep = next(
            d for d in self.deps if output_has in d["output"] and all(_key(i) in inputs for i in d["inputs"])
        )
        body = {
            "output": dep["output"],
            "outputs": _outputs(dep["output"]),
            "inputs": [_value(i, inputs) for i in dep["inputs"]],
            "state": [_value(s, state) for s in dep["state"]],
            "changedPropIds": [_key(dep["inputs"][0])],
        }
        answer = self.http.post(f"{self.base}/_dash-update-component", json=body, timeout=TIMEOUT_S)
        if answer.status_code == 204:
            return {}
        answer.raise_for_status()
        return answer.json()

    def page(self, pathname: str, search: str = "") -> str:
        answer = self.callback("engine-banner.children", {"url.pathname": pathname, "url.search": search}, {})
        text = json.dumps(answer)
        if "banner-error" in text or "not answering" in text:
            raise RuntimeError(f"engine banner on {pathname}")
        return text


def _key(spec: dict) -> str:
    """``id.property``; a pattern-matching id is named by its ``type``."""
    component = spec["id"]
    return f"{json.loads(component)['type'] if component.startswith('{') else component}.{spec['property']}"


def _value(spec: dict, values: dict[str, Any]) -> Any:
    if spec["id"].startswith("{"):  # pattern-matching (ALL): the caller gives the list the browser sends
        return values.get(_key(spec), [])
    return {"id": spec["id"], "property": spec["property"], "value": values.get(_key(spec))}


def _parse_id(raw: str) -> Any:
    return json.loads(raw) if raw.startswith("{") else raw


def _outputs(output: str) -> Any:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    outs = [{"id": _parse_id(p.rsplit(".", 1)[0]), "property": p.rsplit(".", 1)[1]} for p in parts]
    return outs if output.startswith("..") else outs[0]


def find(tree: Any, component_id: str) -> dict | None:
    """The props of the component with that id anywhere in a Dash response."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree["props"]
        for value in tree.values():
            if (found := find(value, component_id)) is not None:
                return found
    elif isinstance(tree, list):
        for value in tree:
            if (found := find(value, component_id)) is not None:
                return found
    return None
