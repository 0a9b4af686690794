"""The installation's own secrets: the session signing key and the audit chain key.

Either comes from a setting (``FAMILYNET_SECRET_KEY``, ``FAMILYNET_AUDIT_KEY``) or from a key file;
when the file does not exist yet it is generated (32 random bytes, hex), written mode 0600 under a
temporary name and linked into place, so processes starting at the same moment (gunicorn workers)
all end up with the one key that won, and none ever reads a half-written file. There is no fixed
fallback key: a published one lets anybody sign a session cookie.

Files live in the data folder: beside an SQLite audit database, else ``./data`` (settings
``FAMILYNET_SECRET_KEY_FILE`` and ``FAMILYNET_AUDIT_KEY_FILE`` choose other places). See docs/security.md
for backing them up and rotating them.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path
from typing import Protocol

from graph.errors import ConfigurationError

KEY_BYTES = 32
SECRET_KEY_FILE = "familynet-secret.key"
AUDIT_KEY_FILE = "familynet-audit.key"
log = logging.getLogger(__name__)


class Settings(Protocol):
    """What the keys are read from: the web app's and governance's settings (familynet.Settings)."""

    secret_key: str
    secret_key_file: str
    audit_key: str
    audit_key_file: str
    audit_url: str


def data_folder(audit_url: str) -> Path:
    """Where generated keys live by default: the SQLite audit database's folder, else ./data."""
    if audit_url.startswith("sqlite:///") and audit_url != "sqlite:///:memory:":
        return Path(audit_url.removeprefix("sqlite:///")).parent
    return Path("data")


def secret_key_path(settings: Settings) -> Path:
    return (
        Path(settings.secret_key_file)
        if settings.secret_key_file
        else data_folder(settings.audit_url) / (SECRET_KEY_FILE)
    )


def audit_key_path(settings: Settings) -> Path:
    return (
        Path(settings.audit_key_file)
        if settings.audit_key_file
        else data_folder(settings.audit_url) / (AUDIT_KEY_FILE)
    )


def session_secret(settings: Settings) -> str:
    """The key Flask signs session cookies with: the setting, else this installation's key file."""
    return settings.secret_key or load_or_create(secret_key_path(settings))


def audit_key(settings: Settings) -> bytes:
    """The HMAC key of the audit chain: the setting, else this installation's audit key file."""
    return (settings.audit_key or load_or_create(audit_key_path(settings))).encode()


def load_or_create(path: Path) -> str:
    """The key in ``path``; generated atomically (mode 0600) if the file does not exist."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(KEY_BYTES) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)  # atomic, and never replaces a key another process linked first
            log.warning("generated a new key in %s: back it up (docs/security.md)", path)
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s can be read by other accounts (mode %o); chmod 600 it", path, mode)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < KEY_BYTES:
        raise ConfigurationError(f"{path} holds no usable key (fewer than {KEY_BYTES} characters)")
    return key
