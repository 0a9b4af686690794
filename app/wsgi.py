"""The WSGI entry point for a production server: ``gunicorn app.wsgi:application``.

Settings come from the environment (``FAMILYNET_*``). Each gunicorn worker imports this module and
builds its own app; the graph is opened on first use, so workers sharing the embedded engine connect
to one server (graph/engines/falkor.py serialises start-up with a file lock). See docs/operations.md.
"""

from __future__ import annotations

from app import create_app
from familynet import Settings

application = create_app(Settings.from_env())
