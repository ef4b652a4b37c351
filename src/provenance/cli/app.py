"""The Typer application, its shared options and the error boundary every command runs inside."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from provenance.output.render import Report


class OneLineErrors(TyperGroup):
    """Usage errors (a missing option, a bad --format) in the same one-line form as every other."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # Typer vendors Click; its exception base class is only reachable under typer._click.
        from typer._click.exceptions import ClickException

        def run(standalone: bool) -> Any:
            return super(OneLineErrors, self).main(
                args, prog_name, complete_var, standalone, windows_expand_args, **extra
            )

        if not standalone_mode:
            return run(False)
        try:
            code = run(False)
        except ClickException as error:
            if type(error).__name__ != "NoArgsIsHelpError":  # help was printed already
                context = getattr(error, "ctx", None)
                where = context.command_path if context is not None else "prov"
                message = " ".join(error.format_message().split())
                _print_error(f"{message}; see {where} --help")
            sys.exit(error.exit_code)
        except typer.Abort:
            _print_error("aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="prov",
    help="Record the dated statements articles quote, and report who contradicted themselves.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="PROV_DB",
        help="Database file or URL (sqlite:///..., postgresql://...). Default: ./prov.db",
        show_default=False,
    ),
]


def check_format(fmt: str) -> str:
    from provenance.output.render import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", help="Output format: table, json or csv.", callback=check_format),
]


def check_per(per: str | None) -> str | None:
    from provenance.exports.claimreview import PER

    if per is not None and per not in PER:
        raise typer.BadParameter(f"{per!r} is not one of {', '.join(PER)}")
    return per


# The ClaimReview options, shared by `prov export` and `prov contradictions`.
ReviewAuthorOption = Annotated[
    str,
    typer.Option(
        "--review-author",
        envvar="PROV_REVIEW_AUTHOR",
        help="claimreview: the organisation publishing the reviews.",
    ),
]
ReviewUrlOption = Annotated[
    str | None,
    typer.Option(
        "--review-url",
        help="claimreview: the page the reviews are published on; each review's url is PAGE#its-id"
        " (without it, reviews have no url).",
        show_default=False,
    ),
]
PerOption = Annotated[
    str | None,
    typer.Option(
        "--per",
        help="claimreview: one review a contradiction pair (pair, the default) or a claim (claim).",
        callback=check_per,
        show_default=False,
    ),
]
_REVIEW_OPTIONS = {"review_author": "--review-author", "review_url": "--review-url", "per": "--per"}


def claimreview_only(ctx: typer.Context, fmt: str) -> None:
    """Refuse the ClaimReview options typed with another format: they would be silently ignored.

    Only what was typed counts: $PROV_REVIEW_AUTHOR set for every run must not break other formats.
    """
    from typer._click.exceptions import UsageError

    if fmt == "claimreview":
        return
    for name, flag in _REVIEW_OPTIONS.items():
        source = ctx.get_parameter_source(name)
        if source is not None and source.name == "COMMANDLINE":
            raise UsageError(f"{flag} is only for --format claimreview, not {fmt}", ctx=ctx)


def _print_error(message: str) -> None:
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True, soft_wrap=True).print(Text.assemble(("Error: ", "bold red"), message))


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise."""
    _print_error(message)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every failure a user can cause into one line on stderr and exit code 1."""
    from provenance.errors import ProvError

    try:
        yield
    except ProvError as error:
        raise fail(str(error)) from None
    except Exception as error:
        if type(error).__module__.startswith("sqlalchemy"):
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            raise fail(f"database error: {reason}; check the database and try again") from None
        raise


@contextmanager
def session(db: str | None, *, write: bool) -> Iterator[Session]:
    """One transaction on the database; writers create and migrate it, readers require it."""
    from provenance.db import open_database

    database = open_database(db, write=write)
    try:
        with database.session() as sess:
            yield sess
    except BaseException:
        # A first write that fails leaves no empty database behind ("nothing half-written").
        database.discard()
        raise
    database.close()


def show(report: Report, fmt: str) -> None:
    from provenance.output.render import emit

    emit(report, fmt)


def split_pairs(claims: list[str], stances: list[str]) -> list[tuple[str, str]]:
    """``--claim A --stance x --claim B --stance y`` as [(A, x), (B, y)]."""
    from provenance.errors import InvalidInput

    if len(claims) != len(stances):
        raise InvalidInput(
            f"{len(claims)} --claim but {len(stances)} --stance", "give one --stance after each --claim"
        )
    return list(zip(claims, stances, strict=True))


def main(argv: list[str] | None = None) -> Any:
    try:
        return app(args=argv)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted\n")
        raise SystemExit(130) from None
