"""mfgxai: explainable-AI workbench for manufacturing engagements, built on EBM glass-box models."""
from .errors import DataError, EngagementError, MfgxaiError, RunError

__version__ = "0.1.0"
__all__ = ["Analysis", "DataError", "EngagementError", "MfgxaiError", "RunError", "__version__"]


def __getattr__(name: str):
    """Analysis on first use: the app and the CLI start without importing the modelling stack."""
    if name == "Analysis":
        from .explain.analysis import Analysis

        return Analysis
    raise AttributeError(f"module 'mfgxai' has no attribute {name!r}")
