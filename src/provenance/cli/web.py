"""``prov fetch`` and ``prov archive``: the commands that go on the network."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, show, user_errors

UrlArgument = Annotated[
    str | None, typer.Argument(help="A recorded source or article URL (fetch: or archive copy URL).")
]
AllOption = Annotated[bool, typer.Option("--all", help="Every recorded URL instead of one.")]
OfflineOption = Annotated[bool, typer.Option("--offline", help="Make no request: report what is stored.")]


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for --all runs, so stdout stays the report alone."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@app.command("fetch")
def fetch(
    url: UrlArgument = None,
    every: AllOption = False,
    offline: OfflineOption = False,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from-file",
            help="Store this saved copy of the page (a paywalled article saved from a browser) instead.",
        ),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Fetch sources, articles and archive copies and keep a snapshot of each (changed, gone...)."""
    with user_errors():
        from provenance.api.fetch import run_fetch, store_saved_copy
        from provenance.db import open_database
        from provenance.errors import InvalidInput
        from provenance.output.web import fetched

        if from_file is not None and (url is None or every or offline):
            raise InvalidInput(
                "--from-file takes one URL, without --all or --offline", "see prov fetch --help"
            )
        # Each URL's result is committed on its own: an interrupted --all keeps what it fetched.
        with open_database(db, write=False) as database, _progress(every and not offline, "fetch") as bar:
            if from_file is not None and url is not None:
                data = store_saved_copy(database, url, from_file)
            else:
                data = run_fetch(database, url, every=every, offline=offline, progress=bar)
        show(fetched(data), fmt)


@app.command("archive")
def archive(
    url: UrlArgument = None,
    every: AllOption = False,
    save: Annotated[
        bool,
        typer.Option(
            "--save", help="Ask Save Page Now for a capture where none exists (needs PROV_IA_* keys)."
        ),
    ] = False,
    offline: OfflineOption = False,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Find Wayback Machine captures of sources and articles, the closest to their date first."""
    with user_errors():
        from provenance.api.archive import run_archive
        from provenance.db import open_database
        from provenance.output.web import archived

        with open_database(db, write=False) as database, _progress(every and not offline, "archive") as bar:
            data = run_archive(database, url, every=every, save=save, offline=offline, progress=bar)
        show(archived(data), fmt)
