"""``prov export`` (the whole database as one JSON bundle) and ``prov import`` (merge one in)."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, session, show, user_errors


@app.command("export")
def export(
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Write the bundle to this file (default: standard output)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the whole database as one JSON document (format prov-bundle/1)."""
    with user_errors():
        import sys

        from provenance.api.bundle import bundle_text, export_bundle, write_bundle

        if out is None:
            with session(db, write=False) as sess:
                write_bundle(sess, sys.stdout)
            return
        from provenance.output.bundle import export_summary, note

        with session(db, write=False) as sess:
            document = export_bundle(sess)
        _replace_file(out, bundle_text(document))
        note(export_summary(document, out))


@app.command("import")
def import_(
    file: Annotated[str, typer.Argument(help="A bundle written by prov export; - reads standard input.")],
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Load a bundle, all or nothing, merging it with what is recorded without duplicates."""
    with user_errors():
        from provenance.api.bundle import import_bundle, parse_bundle, read_bundle_file
        from provenance.output.bundle import import_report

        # Checked before the database is opened: a bad file must not create or migrate one.
        bundle = parse_bundle(read_bundle_file(file))
        with session(db, write=True) as sess:
            result = import_bundle(sess, bundle)
        show(import_report(result), fmt)


def _replace_file(out: str, text: str) -> None:
    """Write through a temporary file in the same folder, then rename it over the target.

    The rename is atomic within one file system, so a failure leaves either the old file or none,
    never half a bundle.
    """
    import contextlib
    import os
    import tempfile
    from pathlib import Path

    from provenance.errors import InvalidInput

    target = Path(out).expanduser()
    folder = target.parent
    if target.is_dir():
        raise InvalidInput(f"{out} is a folder", "give --out a file name")
    if not folder.is_dir():
        raise InvalidInput(f"folder {folder} does not exist", "create it first")
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise InvalidInput(
            f"cannot write in {folder}: {error.strerror or error}", "check its permissions"
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; give it the mode an ordinary new file would get.
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise InvalidInput(
                f"cannot write {out}: {error.strerror or error}", "check the path and free space"
            ) from None
        raise


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
