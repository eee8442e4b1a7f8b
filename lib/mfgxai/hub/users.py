"""The hub's users: each client company a user tied to one engagement, consultants admins; scrypt-hashed passwords
in the hub folder's users.json, read at every login and spawn (changes need no restart)."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path

from ..engagement.config import load_engagement
from ..errors import MfgxaiError
from ..paths import PROJECT_ROOT

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # what the hub's URLs (/user/<name>/) carry as they are


class HubError(MfgxaiError):
    """A hub user or setting that cannot be used as given."""


def hub_dir() -> Path:
    """The hub's state (users, its database, access logs): MFGXAI_HUB, else hub/ in the checkout (kept out of git)."""
    return Path(os.environ.get("MFGXAI_HUB", PROJECT_ROOT / "hub"))


def _path() -> Path:
    return hub_dir() / "users.json"


def load_users() -> dict[str, dict]:
    """name → {"engagement": slug or None, "admin": bool, "hash": …}."""
    return json.loads(_path().read_text(encoding="utf-8")) if _path().exists() else {}


def _save(users: dict[str, dict]) -> None:
    _path().parent.mkdir(parents=True, exist_ok=True)
    temporary = _path().with_suffix(".tmp")
    temporary.write_text(json.dumps(users, indent=1, sort_keys=True), encoding="utf-8")
    os.chmod(temporary, 0o600)
    temporary.replace(_path())


def _hash(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(name: str, password: str) -> dict | None:
    """The user's record when the password is theirs, else None."""
    user = load_users().get(name)
    if not user or not password:
        return None
    _, salt, digest = user["hash"].split("$")
    given = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    return user if hmac.compare_digest(given.hex(), digest) else None


def _password(password: str | None) -> str:
    if password is not None and len(password) < 10:
        raise HubError("A password needs at least 10 characters.")
    return password or secrets.token_urlsafe(12)


def add_user(name: str, engagement: str | None, admin: bool = False, password: str | None = None) -> str:
    """Add a client (tied to an existing engagement) or a consultant (admin, no engagement); the password set."""
    if not NAME.match(name):
        raise HubError(f"User name {name!r}: lower-case letters, digits, '-' and '_' only (it is part of the URL).")
    if admin == bool(engagement):
        raise HubError(f"User {name}: a client needs --engagement, a consultant --admin (one of the two).")
    users = load_users()
    if name in users:
        raise HubError(f"User {name} exists already ({hub_dir() / 'users.json'}).")
    slug = load_engagement(engagement).slug if engagement else None  # a missing engagement is named here
    password = _password(password)
    _save(users | {name: {"engagement": slug, "admin": admin, "hash": _hash(password)}})
    return password


def _known(users: dict, name: str) -> dict:
    if name not in users:
        raise HubError(f"No hub user {name} (users: {', '.join(sorted(users)) or 'none'}).")
    return users[name]


def remove_user(name: str) -> None:
    users = load_users()
    _known(users, name)
    del users[name]
    _save(users)


def reset_password(name: str, password: str | None = None) -> str:
    users = load_users()
    _known(users, name)["hash"] = _hash(password := _password(password))
    _save(users)
    return password


def engagement_of(name: str) -> str:
    """The engagement whose app is the user's server."""
    slug = _known(load_users(), name).get("engagement")
    if not slug:
        raise HubError(f"Hub user {name} is a consultant: open a client's app from the hub's admin page.")
    return slug
