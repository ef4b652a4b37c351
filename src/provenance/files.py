"""Files a command reads or writes: UTF-8 text in (a path or ``-`` for standard input), and
output written whole or not at all."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Callable
from io import BufferedIOBase
from os import PathLike
from pathlib import Path
from typing import Any

from provenance.errors import BundleError, InvalidInput


def shown_name(path_or_dash: str | PathLike[str]) -> str:
    return "standard input" if str(path_or_dash) == "-" else str(path_or_dash)


def read_text(path_or_dash: str | PathLike[str], *, shown: str | None = None) -> str:
    """A file's text (``-``: standard input); BundleError if it cannot be read as UTF-8.

    ``shown`` names the file in messages (a temporary copy of standard input is "standard input").
    """
    shown = shown or shown_name(path_or_dash)
    try:
        if str(path_or_dash) == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            data: bytes | str = stdin.read() if stdin is not None else sys.stdin.read()
        else:
            path = existing_file(path_or_dash, shown)
            with open_binary(path) as stream:
                try:
                    data = stream.read()
                except DECOMPRESSION_ERRORS:
                    if compression(path) is None:
                        raise
                    raise broken_compression(path, shown) from None
        return data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise BundleError(f"{shown} is not UTF-8 text (byte {error.start})", "save it as UTF-8") from None
    except OSError as error:
        raise BundleError(f"cannot read {shown}: {error.strerror or error}", "check the path") from None


def existing_file(path: str | PathLike[str], shown: str) -> Path:
    """The path, refused in one line if it is a folder or names nothing."""
    found = Path(path).expanduser()
    if found.is_dir():
        raise BundleError(f"{shown} is a folder", "give the file's path")
    if not found.exists():
        raise BundleError(f"no file {shown}", "check the path (- reads standard input)")
    return found


# Exports and dumps travel compressed: a file reads the same either way.
_COMPRESSIONS = {".gz": "gzip", ".bz2": "bzip2"}
# What reading a .gz or .bz2 file that is cut short, corrupt or not compressed at all raises.
DECOMPRESSION_ERRORS = (OSError, EOFError, zlib.error)


def open_binary(path: Path) -> BufferedIOBase:
    """The file's bytes, decompressed when its name ends ``.gz`` or ``.bz2``."""
    kind = compression(path)
    if kind == "gzip":
        import gzip

        return gzip.open(path, "rb")
    if kind == "bzip2":
        import bz2

        return bz2.open(path, "rb")
    return path.open("rb")


def compression(path: Path) -> str | None:
    """The compression a file's name says it is in, if any."""
    return _COMPRESSIONS.get(path.suffix.lower())


def broken_compression(path: Path, shown: str, after_line: int | None = None) -> BundleError:
    """A compressed file that does not decompress: cut short, corrupt, or never compressed."""
    where = f" (it breaks after line {after_line})" if after_line else ""
    hint = "compress it again, or give it uncompressed"
    return BundleError(f"{shown} is not a whole {compression(path)} file{where}", hint)


def load_json(text: str, shown: str, hint: str) -> Any:
    """One JSON document, with the line and column of the first error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleError(
            f"{shown} is not JSON: {error.msg} at line {error.lineno}, column {error.colno}", hint
        ) from None
    except RecursionError:
        raise BundleError(f"{shown} is nested too deeply", hint) from None


def check_target(out: str) -> Path:
    """The file to write, refused before any work if it is a folder or its folder is missing."""
    target = Path(out).expanduser()
    if target.is_dir():
        raise InvalidInput(f"{out} is a folder", "give --out a file name")
    if not target.parent.is_dir():
        raise InvalidInput(f"folder {target.parent} does not exist", "create it first")
    return target


def write_atomically(
    out: str, fill: Callable[[Any], object], *, binary: bool = False, newline: str | None = None
) -> Path:
    """Let ``fill`` write a temporary file in the same folder, then rename it over the target.

    The rename is atomic within one file system, so a failure leaves either the old file or none,
    never half a file. ``fill`` gets a text stream, or a binary one when ``binary``.
    """
    target = check_target(out)
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise InvalidInput(
            f"cannot write in {target.parent}: {error.strerror or error}", "check its permissions"
        ) from None
    try:
        stream = (
            os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline=newline)
        )
        with stream:
            fill(stream)
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
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
