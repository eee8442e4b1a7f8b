"""Notebook kernels that talk over IPC sockets in a private folder: no TCP port is opened for a run."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from jupyter_client import AsyncKernelManager

PREFIX = "mfgxai-kernel-"


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (any user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _owner_pid(folder: Path) -> int | None:
    """The process that made a socket folder, from its name `mfgxai-kernel-<pid>-<random>`."""
    pid = folder.name.removeprefix(PREFIX).split("-")[0]
    return int(pid) if pid.isdigit() else None


def discard_stale_socket_folders() -> int:
    """Remove our socket folders whose process is gone (a run killed outright); returns how many."""
    stale = [folder for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*")
             if folder.stat().st_uid == os.getuid() and (pid := _owner_pid(folder)) and not _alive(pid)]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)


class PrivateSockets:
    """A kernel manager whose kernel's sockets are files in its own temporary folder (mode 0700), removed when it
    stops: kernels started at the same moment can never pick the same socket names."""

    def __init__(self, **kwargs):
        discard_stale_socket_folders()
        self.socket_folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
        super().__init__(transport="ipc", ip=str(Path(self.socket_folder) / "kernel"), **kwargs)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        if not restart:
            shutil.rmtree(self.socket_folder, ignore_errors=True)


class PrivateKernelManager(PrivateSockets, AsyncKernelManager):
    """A run's kernel, talking over sockets in its own private folder."""
