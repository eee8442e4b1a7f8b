"""What runs inside the app's Voilà server: a login that gives the page its XSRF cookie and speaks the engagement's
language, and a kernel cap."""
from __future__ import annotations

import asyncio
from html import escape

from jupyter_server.auth import PasswordIdentityProvider
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, ServerKernelManager
from tornado.escape import url_escape
from traitlets import Integer, TraitError, Unicode, validate
from voila.handler import VoilaHandler
from voila.voila_identity_provider import VoilaLoginHandler

from ..i18n import t
from ..run.kernels import PrivateSockets

LOGIN_STYLE = """body { margin: 0; font-family: "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", system-ui,
sans-serif; color: #1f2933; background: #fff; }
header { padding: 14px 28px; border-bottom: 3px solid #2b4c7e; color: #2b4c7e; font-weight: 700;
  letter-spacing: .04em; }
main { max-width: 560px; margin: 12vh auto 0; padding: 0 24px; }
h1 { font-size: 22px; margin: 0 0 12px; } p { line-height: 1.55; color: #4b5563; }
form { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-top: 18px; }
label { width: 100%; font-weight: 600; } input { flex: 1; min-width: 200px; padding: 8px; font-size: 15px; }
button { padding: 8px 18px; font-size: 15px; background: #2b4c7e; color: #fff; border: 0; cursor: pointer; }
.error { color: #9b1c1c; font-weight: 600; }"""


def login_page(language: str, action: str, xsrf_form: str, failed: bool = False) -> str:
    """The page a link without its token (or with a wrong one) opens: what to do, in the engagement's language, and
    a field to paste the token into; no client name and nothing fetched from elsewhere."""
    def say(key: str) -> str:
        return escape(t(key, language))
    error = f"<p class='error' role='alert'>{say('app_login_wrong')}</p>" if failed else ""
    return (f"<!DOCTYPE html><html lang='{escape(language)}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<link rel='icon' href='data:;base64,='>"
            f"<title>{say('app_title')}</title><style>{LOGIN_STYLE}</style></head><body><header>mfgxai</header><main>"
            f"<h1>{say('app_login_title')}</h1><p>{say('app_login_text')}</p>{error}"
            f"<form action='{escape(action, quote=True)}' method='post'>{xsrf_form}"
            f"<label for='password_input'>{say('app_login_token')}</label>"
            f"<input type='password' name='password' id='password_input' autocomplete='off' autofocus>"
            f"<button type='submit' id='login_submit'>{say('app_login_open')}</button></form></main></body></html>")


class PageLoginHandler(VoilaLoginHandler):
    """Jupyter's login form replaced by `login_page`, in the language the app was started with."""

    def _render(self, message=None):
        next_url = url_escape(self.get_argument("next", default=self.base_url))
        language = getattr(self.identity_provider, "language", "en")
        self.write(login_page(language, f"{self.base_url}login?next={next_url}", self.xsrf_form_html(),
                              failed=bool(message and message.get("error"))))


class PageLogin(PasswordIdentityProvider):
    """Jupyter's token login that also sets the `_xsrf` cookie on the app's page.

    A closing page asks Voilà to shut its kernel down with the XSRF token read from that cookie, but Voilà's
    page handler (unlike Jupyter's own pages) never sets it, so the request was refused (403 '_xsrf' argument
    missing, voila-dashboards/voila#1458) and the kernel lived on until the idle cull. Its login page is
    `login_page`, in `language`.
    """

    language = Unicode("en", config=True, help="The engagement's language: of the login page.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.login_handler_class = PageLoginHandler  # Voilà passes its own; ours only changes the page

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
