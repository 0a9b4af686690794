"""The sign-in page: plain HTML from Flask (no Dash, so nothing but this form reaches anonymous users)."""

from __future__ import annotations

import flask

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in - familynet</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f6f8; margin: 0; }
main { max-width: 22rem; margin: 12vh auto; background: #fff; padding: 2rem; border-radius: 8px;
       box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 1.4rem; margin-top: 0; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; margin-top: .25rem; }
button { margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; background: #1d4f91;
         color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
.message { background: #fdecea; border-left: 4px solid #b3261e; padding: .5rem .75rem; }
.note { color: #555; font-size: .85rem; margin-top: 1.5rem; }
</style>
</head>
<body>
<main>
  <h1>familynet</h1>
  <p>Sign in to find who is involved with a family.</p>
  {% if message %}<p class="message" id="login-message" role="alert">{{ message }}</p>{% endif %}
  <form method="post" action="/login" id="login-form">
    <input type="hidden" name="csrf_token" value="{{ csrf }}">
    <input type="hidden" name="next" value="{{ next_path }}">
    <label for="name">User name</label>
    <input id="name" name="name" autocomplete="username" required value="{{ name }}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" id="login-submit">Sign in</button>
  </form>
  <p class="note">Every search and every family you open is recorded with your name and reason.</p>
</main>
</body>
</html>"""


def render(next_path: str, message: str | None = None, name: str = "") -> str:
    return flask.render_template_string(
        TEMPLATE, next_path=next_path, message=message, name=name, csrf=flask.session.get("csrf", "")
    )
