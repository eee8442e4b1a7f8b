"""The hub's configuration: one jupyterhub_config.py in the hub folder, written from these settings, and the
command that starts JupyterHub with it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .users import HubError, hub_dir, load_users


@dataclass
class HubSettings:
    """Where the hub listens and how soon an idle app is culled."""

    port: int = 8000
    ip: str = "127.0.0.1"
    idle_seconds: int = 1800  # an app nobody used this long is stopped; the next visit starts it again
    cull_every: int = 60
    activity_seconds: int = 60  # how often an app tells the hub it was used
    hub_port: int = 8081  # the hub's own API and the proxy's, on this machine only
    proxy_api_port: int = 8001


CONFIG = """# Written by `mfgxai hub`; edit the settings there, not here.
from mfgxai.hub.config import configure

configure(c, **{settings})
"""


def configure(c, **settings) -> None:
    """Fill JupyterHub's config object `c`: login, spawner (the app only), proxy, culler, state in the hub folder."""
    import jupyterhub.spawner

    from .login import HubLogin, after_stop, before_start, keep_environment, landing

    s, hub, known = HubSettings(**settings), hub_dir(), load_users()
    c.JupyterHub.bind_url = f"http://{s.ip}:{s.port}"
    c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", s.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"
    c.ConfigurableHTTPProxy.pid_file = str(hub / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{hub / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(hub / "cookie_secret")
    c.JupyterHub.authenticator_class = HubLogin
    c.Authenticator.admin_users = {name for name, user in known.items() if user["admin"]}
    c.Authenticator.allowed_users = set(known) - c.Authenticator.admin_users  # known to the admin page from the start
    c.JupyterHub.spawner_class = jupyterhub.spawner.SimpleLocalProcessSpawner  # servers as the hub's own account
    c.SimpleLocalProcessSpawner.home_dir_template = str(hub / "homes" / "{username}")
    c.Spawner.cmd = [sys.executable, "-m", "mfgxai.hub.single", str(s.activity_seconds)]
    c.Spawner.env_keep = keep_environment()
    c.Spawner.pre_spawn_hook, c.Spawner.post_stop_hook = before_start, after_stop
    c.Spawner.start_timeout = c.Spawner.http_timeout = 60
    c.JupyterHub.default_url = landing
    c.JupyterHub.implicit_spawn_seconds = 0.1  # a culled app starts again on the next visit, without a click
    c.JupyterHub.last_activity_interval = s.activity_seconds
    c.JupyterHub.activity_resolution = min(30, s.activity_seconds)
    c.JupyterHub.services = [{"name": "idle-culler", "command": [
        sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={s.idle_seconds}", f"--cull-every={s.cull_every}"]}]
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]


def write_config(settings: HubSettings) -> Path:
    """jupyterhub_config.py in the hub folder, for these settings."""
    path = hub_dir() / "jupyterhub_config.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONFIG.format(settings=json.dumps(asdict(settings))), encoding="utf-8")
    return path


def hub_command(settings: HubSettings) -> list[str]:
    """JupyterHub's command line, its config written first; configurable-http-proxy must be installed."""
    if not shutil.which("configurable-http-proxy"):
        raise HubError("configurable-http-proxy is not installed: run `make setup` (as root it installs Node.js "
                       "and `npm install -g configurable-http-proxy`).")
    return [sys.executable, "-m", "jupyterhub", "-f", str(write_config(settings))]


def start_hub(settings: HubSettings, **popen) -> subprocess.Popen:
    """JupyterHub in the background, working in the hub folder (tests, benchmarks); the caller stops it."""
    command = hub_command(settings)
    return subprocess.Popen(command, cwd=hub_dir(), env={**os.environ, "MFGXAI_HUB": str(hub_dir())}, **popen)
