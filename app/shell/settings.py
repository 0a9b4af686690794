"""The web app's settings: sessions, sign-in limits, production mode, and the screens' clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.settings import PUBLISHED_KEYS
from graph.errors import ConfigurationError
from graph.settings import Section, setting


@dataclass(frozen=True)
class WebSettings(Section):
    secret_key: str = setting(
        "", "Signs the session cookies; empty: a key generated for this installation (required in production)"
    )
    secret_key_file: str = setting("", "Where the generated session key is kept; empty: the data folder")
    production: bool = setting(
        False, "Production mode: refuses to start without a secret key; Secure cookies"
    )
    session_idle_minutes: int = setting(30, "Signed out after this long without a request")
    session_max_hours: int = setting(10, "Signed out after this long in any case (one working day)")
    secure_cookies: bool = setting(False, "Secure flag on cookies (always on in production, behind HTTPS)")
    login_rate_limit: str = setting("5 per minute", "Failed sign-ins per account (flask-limiter syntax)")
    login_address_rate_limit: str = setting("20 per minute", "Failed sign-ins per client address")
    proxy_fix_hops: int = setting(
        0, "Trusted reverse proxies in front (X-Forwarded-For/-Proto are believed); 0: none"
    )
    rate_limit_storage_url: str = setting(
        "memory://", "Where sign-in limits are counted; redis://… for several instances"
    )
    fresh_days: int = setting(30, "A last contact this recent is shown as fresh")
    ageing_days: int = setting(90, "A last contact older than this is shown as stale")
    today: str | None = setting(None, 'Fixes "today" (ISO date) for demos and tests')

    def check(self) -> None:
        if not 0 < self.fresh_days <= self.ageing_days:
            raise ConfigurationError("fresh_days must be positive and no more than ageing_days")
        if self.session_idle_minutes <= 0 or self.session_max_hours <= 0:
            raise ConfigurationError("session_idle_minutes and session_max_hours must be positive")
        if self.today is not None:
            try:
                date.fromisoformat(self.today)
            except ValueError as e:
                raise ConfigurationError(
                    f"FAMILYNET_TODAY={self.today!r} is not an ISO date (YYYY-MM-DD)"
                ) from e
        if self.proxy_fix_hops < 0:
            raise ConfigurationError("FAMILYNET_PROXY_FIX_HOPS is the number of trusted proxies: 0 or more")
        if self.secret_key in PUBLISHED_KEYS:
            raise ConfigurationError(
                "FAMILYNET_SECRET_KEY is a key published with familynet's source; "
                "leave it empty (a key is generated) or set a long random one"
            )
        if self.production and not self.secret_key:
            raise ConfigurationError(
                "FAMILYNET_SECRET_KEY is required when FAMILYNET_PRODUCTION=1; refusing to start"
            )
