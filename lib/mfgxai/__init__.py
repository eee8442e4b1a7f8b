"""mfgxai: explainable-AI workbench for manufacturing engagements, built on EBM glass-box models."""
from .analysis import Analysis
from .errors import DataError, EngagementError, MfgxaiError, RunError

__version__ = "0.1.0"
__all__ = ["Analysis", "DataError", "EngagementError", "MfgxaiError", "RunError", "__version__"]
