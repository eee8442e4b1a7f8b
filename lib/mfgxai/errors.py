"""One root exception: every error a user can cause is an MfgxaiError with a plain message."""


class MfgxaiError(Exception):
    """An error with a message meant for the consultant, not a traceback."""


class DataError(MfgxaiError):
    """A client file that cannot be used as it is; the message names file, column and row."""


class EngagementError(MfgxaiError):
    """An engagement folder or engagement.yaml that is missing or invalid."""


class RunError(MfgxaiError):
    """A notebook run that failed; the last good run is untouched."""
