"""The least a two-command Typer app costs: what ``prov --help`` is held against.

It imports Typer and nothing else and is built with the same options as ``prov``'s app. Its
``report`` command takes the same kinds of options as ``prov contradictions``, so running it
shows what Typer alone spends parsing such a command line.
"""

from typing import Annotated

import typer

app = typer.Typer(name="floor", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.command()
def report(
    person: Annotated[str, typer.Option("--person", "-p", help="A name.")],
    claim: Annotated[str | None, typer.Option(help="A slug.")] = None,
    since: Annotated[str | None, typer.Option(help="A date.")] = None,
    until: Annotated[str | None, typer.Option(help="A date.")] = None,
    include_affiliated: Annotated[bool, typer.Option("--include-affiliated", help="A flag.")] = False,
    shifts: Annotated[bool, typer.Option("--shifts", help="A flag.")] = False,
    db: Annotated[str | None, typer.Option("--db", envvar="FLOOR_DB", help="A path.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Print the arguments back."""
    print({"person": person, "claim": claim, "since": since, "until": until, "db": db, "format": fmt})


@app.command()
def bye(name: str) -> None:
    """Say goodbye."""
    print(f"bye {name}")


if __name__ == "__main__":
    app()
