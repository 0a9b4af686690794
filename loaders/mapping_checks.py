"""Checks for each value of a mapping file, so a mistake gets a message naming the file and the key
(never a traceback), and a mapping cannot make the loader read a file outside its folder."""

from __future__ import annotations

import codecs
import tomllib
from pathlib import Path
from typing import Any

from loaders.errors import FileProblem

MAX_MAPPING_BYTES = 1_000_000  # a mapping is a page of TOML; anything larger is not one
MAX_NESTING = 20  # tables and arrays inside each other; the deepest real mapping has 4


def fold(text: str) -> str:
    """How codes and column names are compared: case- and space-insensitive ("Not  specified ")."""
    return " ".join(text.split()).casefold()


def read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise FileProblem(path, "mapping file not found") from e
    except OSError as e:
        raise FileProblem(path, f"mapping file cannot be read: {e.strerror}") from e
    if len(raw) > MAX_MAPPING_BYTES:
        raise FileProblem(path, f"is {len(raw):,} bytes: a mapping file is at most {MAX_MAPPING_BYTES:,}")
    if _nesting(raw) > MAX_NESTING:
        raise FileProblem(path, f"not valid TOML: nested more than {MAX_NESTING} levels deep")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise FileProblem(path, f"not valid TOML: a mapping file is UTF-8 text (byte {e.start})") from e
    except tomllib.TOMLDecodeError as e:
        raise FileProblem(path, f"not valid TOML: {e}") from e
    except RecursionError as e:  # pragma: no cover - _nesting refuses such files first
        raise FileProblem(path, "not valid TOML: nested too deeply") from e


def _nesting(raw: bytes) -> int:
    """The deepest run of open brackets and braces, outside strings (an upper bound is enough)."""
    depth = deepest = 0
    quote: int | None = None
    for byte in raw:
        if quote is not None:
            if byte == quote:
                quote = None
        elif byte in b"\"'":
            quote = byte
        elif byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth = max(depth - 1, 0)
        elif byte == 0x0A:
            quote = None
    return deepest


def no_placeholder(path: Path, doc: object, where: str = "") -> None:
    """A proposed mapping (familynet mapping init) marks what only a person can say as EDIT-ME."""
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        here = f"{where}.{key}" if where else str(key)
        if value == "EDIT-ME":
            raise FileProblem(path, f"{here} still says EDIT-ME: edit the proposed mapping before loading it")
        no_placeholder(path, value, here)


def text(path: Path, where: str, key: str, value: object, required: bool = False) -> str:
    """A text value (numbers are accepted as their digits: extract ids are often numeric)."""
    if value is None or value == "":
        if required:
            raise FileProblem(path, f'{where} needs {key} = "..."')
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FileProblem(path, f"{where} {key} must be a text in quotes, not {_shown(value)}")
    return str(value)


def table(path: Path, where: str, value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FileProblem(path, f"{where} must be a table of key = value lines, not {_shown(value)}")
    return value


def unknown_keys(path: Path, where: str, found: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(found) - allowed)
    if unknown:
        raise FileProblem(path, f"{where}: unknown keys {unknown}; allowed: {sorted(allowed)}")


def one_of(path: Path, where: str, key: str, value: object, choices: tuple[str, ...], default: str) -> str:
    if value is None:
        return default
    if value not in choices:
        raise FileProblem(path, f"{where} {key} = {_shown(value)}: use one of {', '.join(choices)}")
    return str(value)


def flag(path: Path, where: str, key: str, value: object) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FileProblem(path, f"{where} {key} must be true or false, not {_shown(value)}")
    return value


def whole_number(path: Path, where: str, key: str, value: object, default: int, least: int = 1) -> int:
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool) and value >= least:
        return value
    raise FileProblem(path, f"{where} {key} must be a whole number, {least} or more, not {_shown(value)}")


def iso_date(path: Path, where: str, key: str, value: object) -> str:
    from datetime import date

    if isinstance(value, date):
        return value.isoformat()  # TOML's own dates: extract_date = 2026-11-01
    shown = text(path, where, key, value, required=True)
    try:
        if len(shown) == 10:
            return date.fromisoformat(shown).isoformat()
    except ValueError:
        pass
    raise FileProblem(path, f'{where} {key} = "{shown}" is not a date written YYYY-MM-DD')


def encoding(path: Path, value: object) -> str:
    name = text(path, "[file]", "encoding", value) or "utf-8"
    try:
        codec = codecs.lookup(name)
    except LookupError as e:
        raise FileProblem(path, f"[file] encoding {name!r} is not a known text encoding") from e
    if not getattr(codec, "_is_text_encoding", True):
        raise FileProblem(path, f"[file] encoding {name!r} is not a text encoding (e.g. utf-8, cp1252)")
    return "utf-8-sig" if codec.name == "utf-8" else codec.name  # accept a BOM in UTF-8 files


def delimiter(path: Path, value: object) -> str:
    found = text(path, "[file]", "delimiter", value) or ","
    if found == "\\t":
        found = "\t"
    if len(found) != 1 or found in '"\r\n' or found.isalnum():
        raise FileProblem(
            path, f'[file] delimiter = {_shown(value)}: give one character, e.g. ",", ";", "|" or "\\t"'
        )
    return found


def date_formats(path: Path, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(f, str) and "%" in f for f in value):
        raise FileProblem(
            path, f'[file] date_formats = {_shown(value)}: give a list of formats, e.g. ["%d/%m/%Y"]'
        )
    from datetime import date

    for fmt in value:
        try:
            date(2015, 3, 4).strftime(fmt)
        except ValueError as e:
            raise FileProblem(path, f"[file] date_formats: {fmt!r} is not a date format ({e})") from e
    return tuple(value)


def sheet(path: Path, value: object) -> str | int:
    if value is None:
        return 1
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, str) and value.strip():
        return value
    raise FileProblem(
        path,
        f'[file] sheet = {_shown(value)}: give the sheet\'s name ("Pupils") or its place (1 = the first)',
    )


def data_path(mapping: Path, value: object, import_root: Path | None) -> Path:
    """The extract a mapping names, confined to the mapping's folder (or the configured import root):
    no absolute paths, no climbing out with "..", no symbolic link that leads outside."""
    name = text(mapping, "[file]", "path", value, required=True)
    if "\x00" in name:
        raise FileProblem(mapping, "[file] path contains a NUL character")
    given = Path(name)
    if given.is_absolute() or given.drive:
        raise FileProblem(
            mapping, f"[file] path {name!r} is absolute: name the extract relative to the mapping"
        )
    roots = [mapping.parent.resolve()] + ([import_root.resolve()] if import_root else [])
    target = (mapping.parent / given).resolve()
    if not any(target.is_relative_to(root) for root in roots):
        allowed = " or ".join(str(r) for r in roots)
        raise FileProblem(
            mapping,
            f"[file] path {name!r} leads outside the mapping's folder (to {target}); extracts must be in "
            f"{allowed} — copy the extract there, or set the import root (FAMILYNET_IMPORT_ROOT)",
        )
    return mapping.parent / given  # as named (messages show it); checked resolved


def _shown(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
