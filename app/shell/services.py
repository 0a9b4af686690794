"""What the screens share: settings and a graph store that reconnects after the engine comes back."""

from __future__ import annotations

import logging
import threading
from datetime import date
from typing import TYPE_CHECKING

from governance import keys
from governance.audit import AuditLog
from graph import EngineEvent, GraphStore, GraphUnavailable, open_store
from rules import Rules, load_rules

if TYPE_CHECKING:
    from familynet import Settings

log = logging.getLogger(__name__)


class Services:
    """Opens the graph on first use, so the app starts (and shows a banner) while the engine is down."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self._store = store
        self._lock = threading.Lock()
        self._audit: AuditLog | None = None

    @property
    def audit(self) -> AuditLog:
        with self._lock:
            if self._audit is None:
                self._audit = AuditLog(self.settings.audit_url, key=keys.audit_key(self.settings))
            return self._audit

    @property
    def rules(self) -> Rules:
        """The council's disclosure rules (FAMILYNET_RULES_FILE), read once and cached by path."""
        return load_rules(self.settings.rules_file or None)

    def store(self) -> GraphStore:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.settings, on_event=self.engine_event)
            return self._store

    def engine_event(self, event: EngineEvent) -> None:
        """The graph adapter restarted an engine that stopped answering: the audit trail shows it."""
        self.audit.record("familynet", event.kind, message=event.message, pid=event.pid)

    def reset(self) -> None:
        """Forget a broken connection; the next request opens a new one."""
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            try:
                store.abandon()  # a hung engine must not hang the page that noticed it
            except Exception:  # noqa: BLE001 - a broken store may fail to close; it is dropped anyway
                log.warning("closing a broken graph connection failed", exc_info=True)

    def today(self) -> date:
        return date.fromisoformat(self.settings.today) if self.settings.today else date.today()

    def engine_problem(self) -> str | None:
        """None when the graph answers, else a sentence for the banner.

        A broken connection is dropped and opened once more at once: an embedded engine that died is
        started again by opening it, so the page that follows is not told the graph is down."""
        for attempt in (1, 2):
            try:
                self.store().engine.ping()
                return None
            except GraphUnavailable as e:
                self.reset()
                if attempt == 2:
                    return f"The graph database is not answering, so no family data can be shown. ({e})"
        return None  # pragma: no cover - the loop returns

    def close(self) -> None:
        """Close the graph connection: the last process out shuts an embedded engine down."""
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            store.close()
