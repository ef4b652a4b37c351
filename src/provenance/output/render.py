"""One renderer for every command: ``--format table|json|csv`` means the same everywhere.

A report may also carry other renderings of its data (the contradictions report has Markdown and
ClaimReview JSON-LD); a command offers those formats only when its report has them.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

FORMATS = ("table", "json", "csv")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    title: str | None = None


@dataclass
class Report:
    """What a command shows: ``data`` is the JSON document, ``tables`` its human-readable form."""

    data: Any
    tables: list[Table] = field(default_factory=list)
    empty: str | None = None  # said in table form when every table is empty
    # One flat table for CSV when the screen form is several small tables (one per pair, say).
    flat: Table | None = None
    heading: str | None = None  # a line above the tables on screen
    # Other formats, by name: each builds its whole text from ``data`` when (and only if) asked for.
    renderings: dict[str, Callable[[], str]] = field(default_factory=dict)


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def emit(report: Report, fmt: str = "table", out: IO[str] | None = None) -> None:
    stream = out or sys.stdout
    if fmt in report.renderings:
        stream.write(report.renderings[fmt]())
    elif fmt not in FORMATS:
        from provenance.errors import InvalidInput

        offered = ", ".join([*FORMATS, *report.renderings])
        raise InvalidInput(f"this report has no {fmt!r} format", f"use one of {offered}")
    elif fmt == "json":
        stream.write(dumps(report.data) + "\n")
    elif fmt == "csv":
        _write_csv(report, stream)
    else:
        _write_tables(report, stream)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "\n".join(_cell(v) for v in value)
    return str(value)


def _write_csv(report: Report, stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    tables = [report.flat] if report.flat is not None else report.tables
    for index, table in enumerate(tables):
        if index:
            stream.write("\n")
        writer.writerow(table.columns)
        writer.writerows([[_cell(v).replace("\n", "; ") for v in row] for row in table.rows])


def _write_tables(report: Report, stream: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=stream, soft_wrap=False)
    if report.heading:
        console.print(Text(report.heading, style="bold"))
    if report.empty and not any(t.rows for t in report.tables):
        console.print(Text(report.empty))
        return
    for table in report.tables:
        if not table.rows and len(report.tables) > 1:
            continue
        title = Text(table.title, style="bold") if table.title else None
        rich_table = RichTable(title=title, show_lines=True, title_justify="left")
        for column in table.columns:
            rich_table.add_column(column, overflow="fold")
        for row in table.rows:
            rich_table.add_row(*(Text(_cell(v)) for v in row))
        console.print(rich_table)
