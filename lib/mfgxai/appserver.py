"""What runs inside the app's Voilà server: a login that gives the page its XSRF cookie, and a kernel cap."""
from __future__ import annotations

import asyncio

from jupyter_server.auth import PasswordIdentityProvider
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, ServerKernelManager
from traitlets import Integer, TraitError, validate
from voila.handler import VoilaHandler

from .kernels import PrivateSockets


class PageLogin(PasswordIdentityProvider):
    """Jupyter's token login that also sets the `_xsrf` cookie on the app's page.

    A closing page asks Voilà to shut its kernel down with the XSRF token read from that cookie, but Voilà's
    page handler (unlike Jupyter's own pages) never sets it, so the request was refused (403 '_xsrf' argument
    missing, voila-dashboards/voila#1458) and the kernel lived on until the idle cull.
    """

    async def get_user(self, handler):
        user = await super().get_user(handler)
        if user is not None and isinstance(handler, VoilaHandler):
            handler.current_user = user  # as prepare() does next; tornado's xsrf_token reads it
            _ = handler.xsrf_token  # sets the cookie unless the browser sent one
        return user


class AppKernelManager(PrivateSockets, ServerKernelManager):
    """A page's kernel, talking over sockets in its own private folder."""


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager holding at most `max_kernels` kernels (the waiting preheated one included):
    starting one more first shuts down the kernel used least recently."""

    max_kernels = Integer(4, config=True, help="Most kernels alive at once; at least 2 (a page and the spare).")

    @validate("max_kernels")
    def _at_least_two(self, proposal):
        if proposal.value < 2:
            raise TraitError(f"max_kernels must be at least 2 (a page and the spare), not {proposal.value}.")
        return proposal.value

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = asyncio.Lock()

    def least_recently_used(self) -> str:
        """The kernel whose page was quiet longest: a page closed without a word, or left alone."""
        return min(self.list_kernel_ids(), key=lambda kernel_id: self.get_kernel(kernel_id).last_activity)

    async def start_kernel(self, *args, **kwargs) -> str:
        async with self._starting:
            while len(self) >= self.max_kernels:
                oldest = self.least_recently_used()
                self.log.warning("At most %d kernels: shutting down %s, used least recently.", self.max_kernels,
                                 oldest)
                await self.shutdown_kernel(oldest)
            return await super().start_kernel(*args, **kwargs)
