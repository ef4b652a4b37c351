"""Folding what typesetting changes and meaning does not, keeping the way back to the original.

Quote marks and apostrophes, dashes, whitespace runs, the spaces French puts inside guillemets,
case, compatibility forms (ligatures, full-width letters, the ellipsis) and accents are folded;
``Folded`` maps every folded position back to the original text, in Unicode code points.

Normalising must be fast (a run checks thousands of 50 KB pages). ``str.translate`` with a dict
runs in C but looks every non-ASCII page's characters up one by one (~70 ns each), so the common
case is folded with whole-string C passes instead: ``str.lower`` and one ``str.replace`` per
distinct character that folds to something else; the general ``translate`` remains for texts
where that shortcut would not be exact. The map from folded positions back to original ones is
kept as a few breakpoints (only where lengths change) rather than a list of one integer per
character.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u2039\u203a"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_OPENING = "\u00ab\u2039"  # left-pointing guillemets, double and single
_CLOSING = "\u00bb\u203a"
_GUILLEMETS = {"\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'"}


def _fold_once(char: str) -> str:
    if char in _GUILLEMETS:
        return char  # kept for the second pass, which also drops the spaces inside them
    if char in _SINGLE_QUOTES:
        return "'"
    if char in _DOUBLE_QUOTES:
        return '"'
    if char in _DASHES:
        return "-"
    if char.isspace():
        return " "
    out = []
    for part in unicodedata.normalize("NFKD", char.casefold()):
        category = unicodedata.category(part)
        # Mn: accents and other combining marks; Cf: zero-width spaces, soft hyphens, BOMs.
        if category in ("Mn", "Me", "Cf"):
            continue
        out.append(part.casefold())
    return "".join(out)


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character, then read in C."""

    def __init__(self) -> None:
        super().__init__()
        # Characters whose fold is not exactly one character: only they shift positions.
        self.uneven: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char
        for _ in range(4):  # casefold and NFKD can each expose work for the other
            again = "".join(_fold_once(c) for c in folded)
            if again == folded:
                break
            folded = again
        self[code] = folded
        if len(folded) != 1:
            self.uneven.add(char)
            self._pattern = None
        return folded

    def uneven_pattern(self) -> re.Pattern[str] | None:
        if not self.uneven:
            return None
        if self._pattern is None:
            self._pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(self.uneven)) + "]")
        return self._pattern


_TABLE = _FoldTable()
# After ``str.lower`` an ASCII character still folds differently only if it is whitespace or "`".
_ASCII_CHANGED = [chr(i) for i in range(128) if chr(i) == chr(i).lower() and _TABLE[i] != chr(i)]
# Non-ASCII characters met lately, probed with ``in`` (memchr speed) before paying for set(text).
_SEEN: dict[str, None] = {}
_MAX_PROBED = 64
_LOWER_SAFE: dict[str, bool] = {}


def _lower_safe(char: str) -> bool:
    """Whether ``str.lower`` keeps ``char`` one character that folds the same (not "İ")."""
    safe = _LOWER_SAFE.get(char)
    if safe is None:
        low = char.lower()
        safe = _LOWER_SAFE[char] = len(low) == 1 and _TABLE[ord(low)] == _TABLE[ord(char)]
    return safe


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text``."""
    if _SEEN:
        present = [c for c in _SEEN if c in text]
        # Counting proves nothing else is there, for a fraction of what set(text) costs.
        if sum(text.count(c) for c in present) == len(text) - len(text.encode("ascii", "ignore")):
            return set(present)
    found = {c for c in set(text) if not c.isascii()}
    if len(found) <= _MAX_PROBED:
        if len(_SEEN) + len(found) > _MAX_PROBED:
            _SEEN.clear()  # another script's pages: probing the old ones would only cost
        _SEEN.update(dict.fromkeys(found))
    return found


def _translate_fast(original: str) -> tuple[str, list[str]] | None:
    """``original.translate(_TABLE)`` and its uneven characters, or None where not provably equal."""
    if original.isascii():
        return original.translate(_TABLE), []  # CPython's ASCII fast path, a cached lookup a byte
    chars = _non_ascii(original)
    if not all(_lower_safe(c) for c in chars):
        return None
    translated = original.lower()
    targets = {c.lower() for c in chars}
    if "\u03a3" in chars:
        targets.add("\u03c2")  # lower() writes a word-final capital sigma as a final sigma
    targets.update(c for c in _ASCII_CHANGED if c in translated)
    changes = {x: _TABLE[ord(x)] for x in targets if _TABLE[ord(x)] != x}
    # Replacing one character after another equals one translate only if no output is replaced again.
    if any(y in changes for out in changes.values() for y in out):
        return None
    for char, out in changes.items():
        translated = translated.replace(char, out)
    return translated, sorted(c for c in chars if len(_TABLE[ord(c)]) != 1)


def _uneven_pattern(chars: list[str]) -> re.Pattern[str] | None:
    if not chars:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")  # re caches compiled patterns


# Second pass on the translated text: guillemets with their inner spaces, and whitespace runs.
# Separate searches: one pattern with " *" before a closing guillemet retries at every space of
# the page and costs five times as much.
_SPACES = re.compile("  +")


def _spacing_edits(translated: str) -> list[tuple[int, int, int]]:
    """Spans to replace by one character: (start, end, the guillemet's index or -1 for spaces)."""
    edits: list[tuple[int, int, int]] = []
    # str.find per guillemet: a regex character class crawls over a UCS-2 page ten times slower.
    found: list[int] = []
    for guillemet in _OPENING + _CLOSING:
        at = translated.find(guillemet)
        while at >= 0:
            found.append(at)
            at = translated.find(guillemet, at + 1)
    found.sort()
    for at in found:
        if translated[at] in _OPENING:
            end = at + 1
            while end < len(translated) and translated[end] == " ":
                end += 1
            edits.append((at, end, at))
        else:
            start = at
            while start > 0 and translated[start - 1] == " ":
                start -= 1
            edits.append((start, at + 1, at))
    if "  " in translated:
        edits.extend((m.start(), m.end(), -1) for m in _SPACES.finditer(translated))
        # Longest first at one start, so a run of spaces before a closing guillemet goes with it.
        edits.sort(key=lambda edit: (edit[0], -edit[1]))
    return edits


class _PositionMap:
    """Positions in a derived string mapped back to a source string, piecewise linear.

    ``starts[k]`` is a position in the derived string from which derived position ``d`` comes
    from source position ``origins[k] + (d - starts[k])``, until the next breakpoint.
    """

    __slots__ = ("origins", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = [0]
        self.origins: list[int] = [0]

    def add(self, derived: int, source: int) -> None:
        if self.starts[-1] == derived:
            self.origins[-1] = source
        else:
            self.starts.append(derived)
            self.origins.append(source)

    def __call__(self, derived: int) -> int:
        k = bisect.bisect_right(self.starts, derived) - 1
        return self.origins[k] + derived - self.starts[k]


class Folded:
    """A text folded for comparison, with the way back to the original's positions."""

    __slots__ = ("_first", "_second", "original", "text")

    def __init__(self, original: str, *, fast: bool = True) -> None:
        """``fast=False`` forces the general path, which the fast one must always agree with."""
        self.original = original
        quick = _translate_fast(original) if fast else None
        if quick is None:
            translated = original.translate(_TABLE)
            pattern = _TABLE.uneven_pattern()
        else:
            translated, uneven = quick
            pattern = _uneven_pattern(uneven)
        self._first = _PositionMap()
        if pattern is not None:
            shift = 0
            for found in pattern.finditer(original):
                at = found.start()
                width = len(_TABLE[ord(found.group())])
                derived = at + shift
                # Every character of an expansion ("…" -> "...") points at the one it came from.
                for step in range(width):
                    self._first.add(derived + step, at)
                self._first.add(derived + width, at + 1)
                shift += width - 1
        self._second = _PositionMap()
        pieces: list[str] = []
        kept = 0  # end of the last piece of ``translated`` copied unchanged
        out = 0  # length of the folded text so far
        for start, end, token in _spacing_edits(translated):
            start = max(start, kept)  # an edit may overlap the spaces the previous one took
            if token < 0 and end - start < 2:
                continue
            pieces.append(translated[kept:start])
            out += start - kept
            self._second.add(out, token if token >= 0 else start)
            pieces.append(_GUILLEMETS[translated[token]] if token >= 0 else " ")
            out += 1
            self._second.add(out, end)
            kept = end
        pieces.append(translated[kept:])
        self.text = "".join(pieces)

    def to_original(self, index: int) -> int:
        """The original position of the folded character at ``index`` (or of the end, at len)."""
        if index >= len(self.text):
            return len(self.original)
        return self._first(self._second(index))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end), end exclusive."""
        first = self.to_original(start)
        last = self.to_original(end - 1) + 1 if end > start else first
        # Combining marks and zero-width characters fold to nothing: keep them with the
        # character they follow, so "é" written as e + U+0301 is never cut in two.
        original = self.original
        while last < len(original) and _TABLE[ord(original[last])] == "":
            last += 1
        return first, last


def fold(text: str) -> str:
    """The folded form of ``text`` alone, without positions (what a quote is compared as)."""
    return Folded(text).text


def normalise(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, its position in the original text."""
    folded = Folded(text)
    return folded.text, [folded.to_original(i) for i in range(len(folded.text))]
