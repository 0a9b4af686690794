"""Component ids, one place, so layouts, callbacks and browser tests agree."""

URL = "url"
BANNER = "engine-banner"
PAGE = "page"
NAV = "nav"
