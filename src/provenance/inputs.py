"""An input read as a stream of lines, as often as it must be: a file, or standard input spooled.

``prov import`` reads a Quotebank file twice (once to check every line, once to import it) and
keeps neither whole in memory. A regular file is simply opened again; standard input (``-``) and
a pipe (``<(bzcat dump.json.bz2)``) can be read only once, so they are first copied to a temporary
file, removed afterwards. A name ending ``.gz`` or ``.bz2`` is decompressed as it is read.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from provenance.errors import BundleError
from provenance.files import (
    DECOMPRESSION_ERRORS,
    broken_compression,
    compression,
    existing_file,
    open_binary,
    shown_name,
)


@contextmanager
def rereadable(path_or_dash: str | os.PathLike[str]) -> Iterator[Path]:
    """A path that can be opened again and again: the file itself, or a temporary copy of standard
    input or of a pipe. BundleError for a missing file or a folder, before anything is read."""
    shown = shown_name(path_or_dash)
    if str(path_or_dash) == "-":
        with _spooled(sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None, shown) as copy:
            yield copy
        return
    path = existing_file(path_or_dash, shown)
    if path.is_file():
        yield path
        return
    try:
        with path.open("rb") as stream, _spooled(stream, shown) as copy:
            yield copy
    except OSError as error:
        raise BundleError(f"cannot read {shown}: {error.strerror or error}", "check the path") from None


@contextmanager
def _spooled(stream: BinaryIO | None, shown: str) -> Iterator[Path]:
    handle, name = tempfile.mkstemp(prefix="prov-input-", suffix=".spool")
    try:
        with os.fdopen(handle, "wb") as copy:
            if stream is None:
                # A text-only standard input (a test's StringIO): encode it as the file it stands for.
                copy.write(sys.stdin.read().encode("utf-8"))
            else:
                shutil.copyfileobj(stream, copy, 1024 * 1024)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def numbered_lines(path: Path, shown: str) -> Iterator[tuple[int, str]]:
    """Each line of a UTF-8 file with its number from 1, read one at a time (JSON Lines: split at
    ``\\n`` only; a ``\\r`` before it stays, as whitespace). BundleError naming the line that is not
    UTF-8, or the file that cannot be read."""
    try:
        stream = open_binary(path)
    except OSError as error:
        raise BundleError(f"cannot read {shown}: {error.strerror or error}", "check the path") from None
    number = 0
    with stream:
        try:
            for number, raw in enumerate(stream, start=1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    raise BundleError(
                        f"{shown} is not UTF-8 text (line {number}, byte {error.start})", "save it as UTF-8"
                    ) from None
                yield number, line
        except DECOMPRESSION_ERRORS as error:
            # A corrupt or truncated .gz/.bz2 shows up only when its bytes are read.
            if compression(path) is not None:
                raise broken_compression(path, shown, number) from None
            message = getattr(error, "strerror", None) or str(error) or type(error).__name__
            failure = f"cannot read {shown} after line {number}: {message}"
            raise BundleError(failure, "check the file") from None
