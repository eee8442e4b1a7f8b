"""Notebook kernels that talk over IPC sockets in a private folder: no TCP port is opened for a run."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from jupyter_client import AsyncKernelManager


class PrivateKernelManager(AsyncKernelManager):
    """A kernel whose sockets are files in its own temporary folder (mode 0700), removed when it stops."""

    def __init__(self, **kwargs):
        self.socket_folder = tempfile.mkdtemp(prefix="mfgxai-kernel-")
        super().__init__(transport="ipc", ip=str(Path(self.socket_folder) / "kernel"), **kwargs)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        if not restart:
            shutil.rmtree(self.socket_folder, ignore_errors=True)
