"""``prov export`` (the whole database as one JSON bundle) and ``prov import`` (merge one in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from provenance.cli.app import (
    DbOption,
    PerOption,
    ReviewAuthorOption,
    ReviewUrlOption,
    app,
    claimreview_only,
    session,
    show,
    user_errors,
)

if TYPE_CHECKING:
    from pathlib import Path

    from provenance.api.bundle import ImportResult


def _check_export_format(fmt: str) -> str:
    from provenance.exports import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


@app.command("export")
def export(
    ctx: typer.Context,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="Write to this file (default: standard output); for csv, a folder or a file ending .zip.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (the bundle), jsonl, csv, md, claimreview, prov-json or prov-n.",
            callback=_check_export_format,
        ),
    ] = "json",
    person: Annotated[
        str | None,
        typer.Option("--person", "-p", help="For md (required) and claimreview: whose contradictions."),
    ] = None,
    db: DbOption = None,
    review_author: ReviewAuthorOption = "prov",
    review_url: ReviewUrlOption = None,
    per: PerOption = None,
) -> None:
    """Write the database in a format others read: by default, one JSON bundle (prov-bundle/1)."""
    claimreview_only(ctx, fmt)
    with user_errors():
        from provenance.errors import InvalidInput

        if fmt == "csv":
            if out is None:
                raise InvalidInput("csv writes one file a table", "give --out FOLDER or --out FILE.zip")
            _export_csv(out, db)
            return
        if fmt == "md" and not person:
            raise InvalidInput("the md export is a person's contradictions report", "give --person NAME")
        if fmt == "json":
            _export_bundle(out, db)
            return
        import sys

        from provenance.exports import writer
        from provenance.files import write_atomically
        from provenance.output.bundle import note

        write = writer(fmt)
        options: dict[str, Any] = {"person": person} if fmt in ("md", "claimreview") and person else {}
        if fmt == "claimreview":
            from provenance.exports.claimreview import check_url_base

            # Checked before the database is opened, so a typo fails fast and alone.
            options.update(author=review_author, url_base=check_url_base(review_url), per=per or "pair")
        with session(db, write=False) as sess:
            if out is None:
                write(sess, sys.stdout, **options)
                return
            counts: list[int] = []
            write_atomically(out, lambda stream: counts.append(write(sess, stream, **options)))
        what = "pair" if fmt == "md" else "record"
        note(f"exported {counts[0]} {what}{'' if counts[0] == 1 else 's'} as {fmt} to {out}")


def _export_bundle(out: str | None, db: str | None) -> None:
    import sys

    from provenance.exports.bundle import write_bundle

    if out is None:
        with session(db, write=False) as sess:
            write_bundle(sess, sys.stdout)
        return
    from provenance.files import write_atomically
    from provenance.output.bundle import export_counts_summary, note

    counts: dict[str, int] = {}
    with session(db, write=False) as sess:
        write_atomically(out, lambda stream: counts.update(write_bundle(sess, stream)))
    note(export_counts_summary(counts, out))


def _export_csv(out: str, db: str | None) -> None:
    from pathlib import Path

    from provenance.errors import InvalidInput
    from provenance.exports.csvfiles import write_csv, write_zip
    from provenance.files import write_atomically
    from provenance.output.bundle import note

    counts: dict[str, int] = {}
    with session(db, write=False) as sess:
        if out.lower().endswith(".zip"):
            write_atomically(out, lambda stream: counts.update(write_zip(sess, stream)), binary=True)
        else:
            folder = Path(out).expanduser()
            if folder.exists() and not folder.is_dir():
                raise InvalidInput(f"{out} is a file", "give --out a folder, or a name ending .zip")
            if not folder.parent.is_dir():
                raise InvalidInput(f"folder {folder.parent} does not exist", "create it first")
            folder.mkdir(exist_ok=True)

            def fill(table: str) -> Callable[[Any], object]:
                return lambda stream: counts.update({table: write_csv(sess, stream, table=table)})

            # Each file is replaced atomically, so a failure never leaves half a table behind.
            for name, table in _csv_files():
                write_atomically(str(folder / name), fill(table), newline="")
    total = sum(counts.values())
    note(f"exported {total} record{'' if total == 1 else 's'} in {len(counts)} CSV files to {out}")


def _csv_files() -> list[tuple[str, str]]:
    from provenance.exports.csvfiles import file_name
    from provenance.exports.records import TABLES

    return [(file_name(table), table.name) for table in TABLES]


def _check_input_format(fmt: str | None) -> str | None:
    from provenance.imports import FORMATS

    if fmt is not None and fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


def _check_import_format(fmt: str) -> str:
    from provenance.imports import FORMATS as FILE_FORMATS
    from provenance.output.render import FORMATS

    if fmt not in FORMATS and fmt not in FILE_FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join((*FORMATS, *FILE_FORMATS))}")
    return fmt


@app.command("import")
def import_(
    file: Annotated[
        str,
        typer.Argument(
            help="A bundle written by prov export, Quotebank JSON Lines or ClaimReview JSON-LD;"
            " - reads standard input; a name ending .gz or .bz2 is decompressed."
        ),
    ],
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="The report's format: table, json or csv. A file format (bundle, quotebank,"
            " claimreview) names the file's format instead, as --from does.",
            callback=_check_import_format,
        ),
    ] = "table",
    source_format: Annotated[
        str | None,
        typer.Option(
            "--from",
            "--input-format",
            help="The file's format: bundle, quotebank or claimreview (default: detected).",
            callback=_check_input_format,
        ),
    ] = None,
) -> None:
    """Load a file, all or nothing, merging it with what is recorded without duplicates."""
    from provenance.imports import FORMATS as FILE_FORMATS

    if fmt in FILE_FORMATS:
        # The two sets of names are disjoint, so --format can name the file as the field expects
        # while every report keeps its --format table|json|csv.
        if source_format is not None and source_format != fmt:
            raise typer.BadParameter(
                f"--format {fmt} and --from {source_format} disagree", param_hint="'--format'"
            )
        source_format, fmt = fmt, "table"
    with user_errors():
        from provenance.imports import detect_text, is_quotebank_file, read_text, shown_name
        from provenance.inputs import rereadable
        from provenance.output.bundle import import_report

        shown = shown_name(file)
        # Standard input or a pipe is copied to a temporary file: a Quotebank file is read twice.
        with rereadable(file) as path:
            # Quotebank or not is told by the first line alone, as detect_text tells it: a Quotebank
            # file is never read whole, a bundle or a ClaimReview document is, as before.
            kind = source_format or ("quotebank" if is_quotebank_file(path, shown) else None)
            # Checked before the database is opened: a bad file must not create or migrate one.
            result: ImportResult
            if kind == "quotebank":
                result = _import_quotebank(path, shown, db)
            else:
                text = read_text(path, shown=shown)
                result = _import_document(text, shown, kind or detect_text(text), db)
        show(import_report(result), fmt)


def _import_quotebank(path: Path, shown: str, db: str | None) -> ImportResult:
    """Checked line by line in a first pass, then imported a chunk of lines at a time: a dump of
    millions of lines is never held whole."""
    from provenance.imports.quotebank_file import check_quotebank_file, import_quotebank_file

    check_quotebank_file(path, shown)
    with session(db, write=True) as sess:
        return import_quotebank_file(sess, path, shown)


def _import_document(text: str, shown: str, kind: str, db: str | None) -> ImportResult:
    """A bundle or a ClaimReview document: one JSON value, read whole."""
    from provenance.api.bundle import import_bundle, parse_bundle
    from provenance.imports import load_json

    if kind == "claimreview":
        from provenance.imports.claimreview import import_claimreview, parse_claimreview

        reviews = parse_claimreview(text, shown)
        with session(db, write=True) as sess:
            return import_claimreview(sess, reviews)
    bundle = parse_bundle(load_json(text, shown, "give a file written by prov export"))
    with session(db, write=True) as sess:
        return import_bundle(sess, bundle)
