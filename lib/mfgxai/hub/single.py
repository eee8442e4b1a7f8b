"""A client's server on the hub: the engagement's Voilà app behind jhsingle-native-proxy, which lets in only those
the hub allows (the client, the consultants). Run by the hub's spawner as `python -m mfgxai.hub.single`.

Added to the proxy: websockets need the hub's login too (the proxy checked only pages) and come from the hub's
address (checked here, so Voilà is not sent the origin); Voilà keeps its own token (sent by the proxy, so nothing
else on this machine reaches it) and none of the hub's; each page opened is logged."""
from __future__ import annotations

import os
import secrets
import socket
import sys
from dataclasses import replace
from urllib.parse import urlparse

from jhsingle_native_proxy import main as proxy_main
from tornado import web

from ..app.serve import ENGAGEMENT_VARIABLE, AppServer
from ..paths import notebooks_dir
from .access import record


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _guarded(make_handler, slug: str, token: str):
    """jhsingle-native-proxy's handler factory, its handler made to check websockets, pass the token, log opens."""
    def make(*args, **kwargs):
        class AppProxy(make_handler(*args, **kwargs)):
            async def ws_get(self, *args, **kwargs):
                if not self.current_user:  # the hub's login cookie, checked for pages by @web.authenticated
                    raise web.HTTPError(403)
                return await super().ws_get(*args, **kwargs)

            def check_origin(self, origin):  # tornado ≥ 6.5 refuses any origin here; the proxy asks for every one
                return urlparse(origin).netloc.lower() == self.request.headers.get("Host", "").lower()

            def proxy_request_headers(self):
                headers = super().proxy_request_headers()
                if self.request.headers.get("Upgrade", "").lower() == "websocket":
                    headers.pop("Origin", None)  # checked here against the hub's address; Voilà sees its own
                return {**headers, "Authorization": f"token {token}"}

            def get_env(self):  # Voilà and its kernels get none of the hub's credentials
                return {**super().get_env(), "JUPYTERHUB_API_TOKEN": "", "JPY_API_TOKEN": ""}

            def proxy_query_arguments(self):
                return {k: v for k, v in super().proxy_query_arguments().items() if k != "token"}

            async def core_proxy(self, port, path):
                if self.request.method == "GET" and path.strip("/") == "" and self.current_user:
                    record(slug, self.current_user["name"], "opened")
                return await super().core_proxy(port, path)
        return AppProxy
    return make


def main(activity_seconds: int = 300) -> None:
    """Start the proxy; it starts Voilà at the first request, on a free port of this machine only."""
    slug, port, token = os.environ[ENGAGEMENT_VARIABLE], _free_port(), secrets.token_urlsafe(24)
    logout = os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub/logout"
    server = replace(AppServer.of(slug, port=port, token=token), logout=logout)
    os.environ.update(server.environment())
    os.chdir(notebooks_dir())
    prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
    voila = [arg.replace("{", "{{").replace("}", "}}") for arg in server.command()]  # the proxy fills in {…}
    proxy_main._make_serverproxy_handler = _guarded(proxy_main._make_serverproxy_handler, slug, token)
    proxy_main.run(["--ip=127.0.0.1", f"--destport={port}", "--ready-timeout=60", "--ready-check-path=/voila/static/",
                    "--no-force-alive", f"--last-activity-interval={activity_seconds}", "--",
                    *voila, f"--Voila.base_url={prefix}", "--Voila.server_url=/"])


if __name__ == "__main__":
    main(*map(int, sys.argv[1:2]))
