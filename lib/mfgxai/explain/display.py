"""How a notebook shows tables and text: one header row, no index, text shown as written."""
from __future__ import annotations

import re

import pandas as pd
from IPython.display import HTML

ABSENT_KEY = "mfgxai_absent"  # the metadata of a note shown in place of a chart: the columns the data lacks


def clean_table(frame: pd.DataFrame, kind: str = "") -> HTML:
    """A table with one header row and no index column, '–' where a value is missing (`kind`: a CSS class)."""
    return HTML(frame.to_html(index=False, border=0, na_rep="–", classes=kind or None))  # pandas adds 'dataframe'


def literal_markdown(text: str) -> str:
    """Text shown as written inside Markdown: one line, every ASCII punctuation mark escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(text.split()))
