"""Serving one engagement's web app with Voilà: token required, one engagement per server, no files served."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..engagement.config import load_engagement
from ..i18n import t
from ..paths import jupyter_data_dir, notebooks_dir

ENGAGEMENT_VARIABLE = "MFGXAI_APP_ENGAGEMENT"  # the only engagement the app's kernels may show
TEMPLATE = "mfgxai_app"
IDLE_SECONDS = 1800  # a page left alone this long, open or not, loses its kernel (reload to continue)
MAX_KERNELS = 4  # ~250 MB each: three pages at once and the spare; a fourth page takes the quietest one's kernel
KERNEL_CHECK_SECONDS = 10  # how often a page asks whether its kernel still runs


def app_address(host: str = "127.0.0.1", port: int = 8866) -> str:
    """Where an app listens, without its token."""
    return f"http://{host}:{port}/"


def app_notebook() -> Path:
    """The app's notebook: a parameters cell and one library call (notebooks/app.ipynb)."""
    return notebooks_dir() / "app.ipynb"


@dataclass
class AppServer:
    """One engagement's app: where it listens, the token its users need, how Voilà is started."""

    slug: str
    client: str
    language: str
    host: str
    port: int
    token: str
    preheat: bool = True  # a kernel runs the notebook before anyone asks: pages open in about a second
    max_kernels: int = MAX_KERNELS
    logout: str = ""  # on the centre's hub: where the header's "Log out" leads

    @classmethod
    def of(cls, slug: str, port: int = 8866, host: str = "127.0.0.1", token: str | None = None,
           max_kernels: int = MAX_KERNELS) -> "AppServer":
        """The app of an existing engagement, with a new random token unless one is given."""
        engagement = load_engagement(slug)
        return cls(engagement.slug, engagement.client, engagement.language, host, port,
                   token or secrets.token_urlsafe(24), max_kernels=max_kernels)

    @property
    def url(self) -> str:
        return f"{app_address(self.host, self.port)}?token={self.token}"

    def command(self, notebook: Path | None = None) -> list[str]:
        """Voilà's command line: our template and header, a token, no file served from disk but the notebook;
        a closed page's kernel ends with it (see `mfgxai.app.server`), at most `max_kernels` at once."""
        resources = {"client": self.client, "title": t("app_title", self.language),
                     "loading": t("app_loading", self.language), "ended": t("app_page_ended", self.language),
                     "check_ms": KERNEL_CHECK_SECONDS * 1000}
        if self.logout:
            resources |= {"logout": self.logout, "logout_text": t("app_logout", self.language)}
        return [sys.executable, "-m", "voila", str(notebook or app_notebook()), "--no-browser", f"--port={self.port}",
                f"--Voila.ip={self.host}", f"--template={TEMPLATE}", "--token",
                f"--preheat_kernel={self.preheat}", "--pool_size=1",
                "--CappedKernelManager.kernel_manager_class=mfgxai.app.server.AppKernelManager",
                "--Voila.identity_provider_class=mfgxai.app.server.PageLogin", f"--PageLogin.language={self.language}",
                "--VoilaConfiguration.multi_kernel_manager_class=mfgxai.app.server.CappedKernelManager",
                f"--CappedKernelManager.max_kernels={self.max_kernels}",
                f"--MappingKernelManager.cull_idle_timeout={IDLE_SECONDS}", "--MappingKernelManager.cull_interval=60",
                "--MappingKernelManager.cull_connected=True",
                "--VoilaConfiguration.file_denylist=.*", "--VoilaConfiguration.allow_template_override=NO",
                "--VoilaConfiguration.allow_theme_override=NO", "--VoilaConfiguration.show_tracebacks=False",
                f"--HTMLExporter.language_code={self.language}",
                *(f"--VoilaConfiguration.resources={key}={value}" for key, value in resources.items())]

    def environment(self) -> dict[str, str]:
        """The token and the engagement reach Voilà through its environment, never its command line."""
        search = os.pathsep.join(p for p in (str(jupyter_data_dir()), os.environ.get("JUPYTER_PATH", "")) if p)
        return {**os.environ, "JUPYTER_TOKEN": self.token, ENGAGEMENT_VARIABLE: self.slug, "JUPYTER_PATH": search}

    def start(self, **popen) -> subprocess.Popen:
        """Voilà in the background (tests, benchmarks); the caller stops it."""
        return subprocess.Popen(self.command(), env=self.environment(), cwd=notebooks_dir(), **popen)


def serve(slug: str, port: int = 8866, host: str = "127.0.0.1", token: str | None = None,
          max_kernels: int = MAX_KERNELS, announce=print) -> None:
    """Print the address to share (token included), then hand this process over to Voilà until Ctrl-C."""
    server = AppServer.of(slug, port, host, token, max_kernels)
    announce(f"The app of {server.slug} is starting; share this address (Ctrl-C stops it):\n{server.url}")
    sys.stdout.flush()
    os.chdir(notebooks_dir())
    os.execve(sys.executable, server.command(), server.environment())
