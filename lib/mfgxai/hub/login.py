"""What the hub runs in its own process: the login against users.json, and the spawner's hooks that make a client's
server its engagement's app (and log when it starts and stops)."""
from __future__ import annotations

import os

from jupyterhub.auth import Authenticator

from ..app.serve import ENGAGEMENT_VARIABLE
from ..paths import engagements_root
from .access import record
from .users import check_password, engagement_of, hub_dir, load_users


class HubLogin(Authenticator):
    """User name and password checked against the hub folder's users.json; consultants come in as admins."""

    async def authenticate(self, handler, data):
        user = check_password(data.get("username", ""), data.get("password", ""))
        return {"name": data["username"], "admin": bool(user["admin"])} if user else None

    def check_allowed(self, username, authentication=None):
        return username in load_users()

    async def refresh_user(self, user, handler=None, **kwargs):
        return user.name in load_users()  # a removed user is logged out at the next refresh


def before_start(spawner) -> None:
    """The server of user X is X's engagement's app; a consultant has none (the hub says so)."""
    slug = engagement_of(spawner.user.name)
    spawner.environment = {**spawner.environment, ENGAGEMENT_VARIABLE: slug,
                           "MFGXAI_ENGAGEMENTS": str(engagements_root()), "MFGXAI_HUB": str(hub_dir())}
    record(slug, spawner.user.name, "started")


def after_stop(spawner) -> None:
    slug = spawner.environment.get(ENGAGEMENT_VARIABLE)
    if slug:
        record(slug, spawner.user.name, "stopped")


def landing(handler) -> str:
    """Where '/' leads: a client to its app, a consultant to the hub's admin page."""
    user = handler.current_user
    return handler.hub.base_url + "admin" if user and user.admin else (user.url if user else handler.hub.base_url)


def keep_environment() -> list[str]:
    """Variables the spawned app needs from the hub's environment."""
    return [name for name in ("PATH", "LANG", "LC_ALL", "MFGXAI_DATA", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
            if name in os.environ]
