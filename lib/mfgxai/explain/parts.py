"""The riskiest held-out part and its reasons, as the notebook's example and the findings tell it."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import narrate, tables


@dataclass(frozen=True)
class RiskiestPart:
    """The riskiest held-out part: where it is, its top reasons, its risk and the typical part's."""

    index: object
    reasons: pd.DataFrame
    risk: float
    typical_risk: float


def riskiest(model, columns: dict, windows: pd.DataFrame, language: str) -> RiskiestPart:
    """The held-out part the model finds riskiest, its top six contributions with values and windows."""
    test = model.test
    risk = tables.model_output(model, test)
    index = test.index[int(risk.argmax())]
    part = test.loc[[index]]
    table = tables.local(model, part).sort_values("effect", ascending=False).head(6)
    table["label"] = [" × ".join(columns[f].label(language, False) for f in term.split(" & "))
                      for term in table["term"]]
    table["value_text"] = [narrate.term_value(term, part.iloc[0], columns, language)
                           for term in table["term"]]
    windows = windows.set_index("feature") if not windows.empty else pd.DataFrame()
    table["window"] = [narrate.window_range(windows.at[term, "low"], windows.at[term, "high"],
                                            columns[term], language) if term in windows.index else ""
                       for term in table["term"]]
    typical = float(tables.model_output(model, tables.typical_part(model))[0])
    return RiskiestPart(index, table, float(risk.max()), typical)
