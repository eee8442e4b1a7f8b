"""The `mfgxai` command: a thin layer over library calls; user errors print one clear message."""
from __future__ import annotations

import sys

import typer
from rich.text import Text

from ..errors import MfgxaiError
from .catalogue import datasets_app, guidebook
from .console import console, state
from .floor import card, control_plan
from .hub import hub_app
from .intake import new, validate
from .loop import add, advise, compare
from .runs import batch, demo, portfolio, report, run, serve_app, write_notebooks

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Explainable AI for manufacturing engagements.")


@app.callback()
def _options(debug: bool = typer.Option(False, "--debug", help="Show tracebacks.")):
    state["debug"] = debug


for command in (new, validate, run, demo):
    app.command()(command)
app.command("notebooks")(write_notebooks)
for command in (guidebook, batch, portfolio, report):
    app.command()(command)
app.command("app")(serve_app)
for command in (add, advise, compare, card):
    app.command()(command)
app.command("control-plan")(control_plan)
app.add_typer(datasets_app, name="datasets")
app.add_typer(hub_app, name="hub")


def main() -> None:
    try:
        app(prog_name="mfgxai")
    except MfgxaiError as exc:
        if state["debug"]:
            raise
        message = Text("Error: ", style="red").append(str(exc), style="default")  # '[kA]' in a message is text
        console.print(message, soft_wrap=True)  # a path in the message stays whole
        sys.exit(1)
