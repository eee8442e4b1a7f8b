"""One root exception: every error a user can cause is an MfgxaiError with a plain message."""


class MfgxaiError(Exception):
    """An error with a message meant for the consultant, not a traceback."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows in a notebook instead of the traceback: the message alone."""
        return [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {self}"]


class DataError(MfgxaiError):
    """A client file that cannot be used as it is; the message names file, column and row."""


class EngagementError(MfgxaiError):
    """An engagement folder or engagement.yaml that is missing or invalid."""


class RunError(MfgxaiError):
    """A notebook run that failed; the last good run is untouched."""
