"""Finding a quotation in a text, as W3C Web Annotation selectors on the original text.

Texts are compared folded (``provenance.folding``): what typesetting changes and meaning does not
is set aside. Positions are always reported on the original text, in Unicode code points, end
exclusive.

A partial quote with elisions ("[…]", "(…)", "…" between words, as journalists print them) is
looked for piece by piece when it does not occur as written; one anchor row holds one selector,
so the match spans the passage from its first piece to its last.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Any

from provenance.folding import Folded, fold

CONTEXT = 32  # characters of prefix and suffix, as the TextQuoteSelector examples use
FUZZY_THRESHOLD = 85.0
# Past this many occurrences a quote is ambiguous whatever its context says.
_MAX_OCCURRENCES = 200
# Most characters of folded text between two pieces of an elided quote. Journalists cut a clause,
# a sentence or two (a few hundred characters); pieces further apart are more likely chance
# occurrences of common words than one passage, and highlighting the whole span would then
# misrepresent the quote. It also keeps the search for the next piece local.
MAX_GAP = 400
# An elided quote whose pieces cover less of its characters than this is not called fuzzy.
_MIN_SHARE = 50.0
# Elision marks as they read after folding ("…" is "..." by then): "[...]", "(...)", "...".
_ELISION = re.compile(r" ?(?:\[ ?\.{3,} ?\]|\( ?\.{3,} ?\)|\.{3,}) ?")


@dataclass(frozen=True)
class Match:
    """Where a quote was found: ``found`` and ``fuzzy`` carry positions on the original text."""

    status: str  # found, fuzzy, ambiguous or missing
    start: int | None = None
    end: int | None = None
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    score: float | None = None
    occurrences: int = 0
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "score": self.score,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "occurrences": self.occurrences,
            "detail": self.detail,
        }


def _occurrences(needle: str, haystack: str) -> list[int]:
    found: list[int] = []
    at = haystack.find(needle)
    while at >= 0 and len(found) <= _MAX_OCCURRENCES:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _pin(
    spans: list[tuple[int, int]], text: str, prefix: str | None, suffix: str | None
) -> tuple[int, int] | None:
    """The one span whose surroundings best agree with the given context, if one does."""
    before = fold(prefix).strip() if prefix else ""
    after = fold(suffix).strip() if suffix else ""
    if not before and not after:
        return None
    scores = []
    for start, end in spans:
        left = text[max(0, start - len(before) - 1) : start].rstrip() if before else ""
        right = text[end : end + len(after) + 1].lstrip() if after else ""
        scores.append(_common_suffix(before, left) + _common_prefix(after, right))
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return None
    return spans[scores.index(best)]


def _found(folded: Folded, start: int, end: int, status: str, score: float, count: int) -> Match:
    first, last = folded.span(start, end)
    original = folded.original
    return Match(
        status=status,
        start=first,
        end=last,
        exact=original[first:last],
        prefix=original[max(0, first - CONTEXT) : first],
        suffix=original[last : last + CONTEXT],
        score=score,
        occurrences=count,
    )


def _ambiguous(count: int) -> Match:
    more = "+" if count > _MAX_OCCURRENCES else ""
    return Match(
        "ambiguous",
        score=100.0,
        occurrences=count,
        detail=f"occurs {count}{more} times; no context tells them apart",
    )


def _exact(needle: str, folded: Folded, prefix: str | None, suffix: str | None) -> Match | None:
    """The quote found (or ambiguous) as one string; None if it does not occur."""
    positions = _occurrences(needle, folded.text)
    if not positions:
        return None
    spans = [(at, at + len(needle)) for at in positions]
    if len(spans) == 1:
        return _found(folded, *spans[0], "found", 100.0, 1)
    pinned = _pin(spans, folded.text, prefix, suffix)
    if pinned is not None:
        return _found(folded, *pinned, "found", 100.0, len(spans))
    return _ambiguous(len(spans))


def _fuzzy(needle: str, folded: Folded, threshold: float) -> Match:
    if len(needle) > len(folded.text):
        return Match("missing", detail="the quote is longer than the text")
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(needle, folded.text, score_cutoff=threshold)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return Match("missing")
    start, end = _whole_words(folded.text, alignment.dest_start, alignment.dest_end)
    return _found(folded, start, end, "fuzzy", round(alignment.score, 1), 0)


def _whole_words(hay: str, start: int, end: int) -> tuple[int, int]:
    """An approximate alignment is the quote's length and may cut words: widened to whole words."""
    while start > 0 and hay[start - 1].isalnum() and hay[start].isalnum():
        start -= 1
    while end < len(hay) and hay[end].isalnum() and hay[end - 1].isalnum():
        end += 1
    return start, end


def locate(
    quote: str,
    text: str | Folded,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    threshold: float = FUZZY_THRESHOLD,
) -> Match:
    """Find ``quote`` in ``text``: exactly after folding, else approximately, else not at all.

    A quote found more than once is ``ambiguous`` unless ``prefix``/``suffix`` (say, those of a
    previous anchor) single one occurrence out: attaching it to a lookalike sentence would be
    worse than saying nothing. An approximate match is ``fuzzy``, never ``found``.

    A quote with elisions ("[…]", "(…)", "…") not found as written is looked for piece by piece
    (see ``_elided``); an ellipsis at either end only trims it. Trying the whole string first
    keeps finding texts whose own words contain an ellipsis.
    """
    folded = text if isinstance(text, Folded) else Folded(text)
    needle = fold(quote).strip(" ")
    if not needle:
        return Match("missing", detail="empty quote")
    found = _exact(needle, folded, prefix, suffix)
    if found is not None:
        return found
    if "..." in needle:
        pieces = _pieces(needle)
        if len(pieces) == 1 and pieces[0] != needle:
            return _exact(pieces[0], folded, prefix, suffix) or _fuzzy(pieces[0], folded, threshold)
        if len(pieces) > 1:
            elided = _elided(pieces, folded, prefix, suffix, threshold)
            if elided is not None:
                return elided
    return _fuzzy(needle, folded, threshold)


def _pieces(needle: str) -> list[str]:
    """The folded quote's words between elision marks; pieces of punctuation alone are dropped."""
    parts = (part.strip(" ") for part in _ELISION.split(needle))
    return [part for part in parts if any(c.isalnum() for c in part)]


def _within(piece: str, text: str, lo: int, hi: int) -> list[int]:
    """Starts of the occurrences of ``piece`` lying wholly in ``text[lo:hi]``."""
    found: list[int] = []
    at = text.find(piece, lo, hi)
    while at >= 0:
        found.append(at)
        at = text.find(piece, at + 1, hi)
    return found


def _tightest_chain(pieces: list[str], anchor: int, at: int, text: str) -> tuple[int, int] | None:
    """The shortest span holding every piece in order, each gap at most MAX_GAP, through the
    anchor piece's occurrence at ``at``; None if there is none.

    The pieces before the anchor are followed backwards and those after it forwards, keeping
    every occurrence some chain reaches: gaps only bind neighbours, so any start reached
    backwards joins any end reached forwards.
    """
    ends = [at + len(pieces[anchor])]
    for piece in pieces[anchor + 1 :]:
        reached = []
        for start in _within(piece, text, ends[0], ends[-1] + MAX_GAP + len(piece)):
            k = bisect.bisect_right(ends, start) - 1
            if k >= 0 and start - ends[k] <= MAX_GAP:
                reached.append(start + len(piece))
        if not reached:
            return None
        ends = sorted(reached)
    starts = [at]
    for piece in reversed(pieces[:anchor]):
        reached = []
        for start in _within(piece, text, max(0, starts[0] - MAX_GAP - len(piece)), starts[-1]):
            k = bisect.bisect_left(starts, start + len(piece))
            if k < len(starts) and starts[k] - start - len(piece) <= MAX_GAP:
                reached.append(start)
        if not reached:
            return None
        starts = reached
    return starts[-1], ends[0]


def _innermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans containing no other: an occurrence of a piece further out is not another match."""
    return sorted(
        span
        for span in spans
        if not any(other != span and span[0] <= other[0] and other[1] <= span[1] for other in spans)
    )


def _elided(
    pieces: list[str], folded: Folded, prefix: str | None, suffix: str | None, threshold: float
) -> Match | None:
    """A quote with elisions: ``found`` only if every piece occurs exactly, in order, close together.

    The selectors cover the passage from the first piece's start to the last one's end, so a
    W3C consumer highlights all of it, elided words included. Failing that, the pieces found
    (exactly, or approximately between those found exactly) make it ``fuzzy``, scored by the
    share of the quote's characters they hold; None if they hold less than half.
    """
    text = folded.text
    anchor = max(range(len(pieces)), key=lambda k: len(pieces[k]))  # the rarest, as a rule
    positions = _occurrences(pieces[anchor], text)
    if len(positions) > _MAX_OCCURRENCES:
        return _ambiguous(len(positions))
    chains = {chain for at in positions if (chain := _tightest_chain(pieces, anchor, at, text))}
    spans = _innermost(chains)
    detail = f"found in {len(pieces)} pieces around elisions"
    if len(spans) == 1:
        return replace(_found(folded, *spans[0], "found", 100.0, 1), detail=detail)
    if spans:
        pinned = _pin(spans, text, prefix, suffix)
        if pinned is not None:
            return replace(_found(folded, *pinned, "found", 100.0, len(spans)), detail=detail)
        return _ambiguous(len(spans))
    return _partial(pieces, folded, threshold)


def _best_partial_chain(pieces: list[str], text: str) -> list[tuple[int, int]]:
    """The (piece, start) pairs of the in-order chain of exact occurrences holding the most
    characters; a skipped piece widens the gap allowed around it by its length and one MAX_GAP.
    """
    nodes = sorted(
        (at, k) for k, piece in enumerate(pieces) for at in _occurrences(piece, text)[:_MAX_OCCURRENCES]
    )
    reach = MAX_GAP * len(pieces) + sum(map(len, pieces))
    starts = [at for at, _ in nodes]
    best: list[tuple[int, int]] = []  # per node: characters held, index of the previous node or -1
    for n, (at, k) in enumerate(nodes):
        held, previous = len(pieces[k]), -1
        for m in range(bisect.bisect_left(starts, at - reach), n):
            before, j = nodes[m]
            end = before + len(pieces[j])
            skipped = range(j + 1, k)
            allowed = MAX_GAP * (len(skipped) + 1) + sum(len(pieces[i]) for i in skipped)
            if j < k and end <= at and at - end <= allowed and best[m][0] + len(pieces[k]) > held:
                held, previous = best[m][0] + len(pieces[k]), m
        best.append((held, previous))
    if not best:
        return []
    n = max(range(len(best)), key=lambda i: (best[i][0], -i))
    chain: list[tuple[int, int]] = []
    while n >= 0:
        chain.append((nodes[n][1], nodes[n][0]))
        n = best[n][1]
    return chain[::-1]


def _partial(pieces: list[str], folded: Folded, threshold: float) -> Match | None:
    text = folded.text
    chain = _best_partial_chain(pieces, text)
    if not chain:
        return None
    placed = {k: (at, at + len(pieces[k])) for k, at in chain}
    exact = len(placed)
    held = float(sum(len(pieces[k]) for k in placed))
    from rapidfuzz import fuzz

    # A piece not found exactly is looked for approximately where it would have to be: between
    # its neighbours found, or within reach of the first or last of them.
    lo = 0
    for k, piece in enumerate(pieces):
        if k in placed:
            lo = placed[k][1]
            continue
        following = [placed[i][0] for i in range(k + 1, len(pieces)) if i in placed]
        hi = following[0] if following else len(text)
        if k < chain[0][0]:
            lo = max(lo, chain[0][1] - (MAX_GAP + len(piece)) * (chain[0][0] - k))
        elif not following:
            hi = min(hi, lo + MAX_GAP + len(piece))
        if hi - lo < len(piece):
            continue
        alignment = fuzz.partial_ratio_alignment(piece, text[lo:hi], score_cutoff=threshold)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            continue
        placed[k] = (lo + alignment.dest_start, lo + alignment.dest_end)
        held += len(piece) * alignment.score / 100
        lo = placed[k][1]
    share = 100 * held / sum(map(len, pieces))
    if share < _MIN_SHARE:
        return None
    start, end = _whole_words(
        text, min(span[0] for span in placed.values()), max(span[1] for span in placed.values())
    )
    approximately = f", {len(placed) - exact} approximately" if len(placed) > exact else ""
    detail = (
        f"{exact} of {len(pieces)} pieces found exactly{approximately}, in order; "
        f"{share:.0f}% of the quote's characters"
    )
    return replace(_found(folded, start, end, "fuzzy", round(share, 1), 0), detail=detail)


def selectors(match: Match) -> list[dict[str, Any]]:
    """The W3C Web Annotation selectors of a match with a position (none otherwise)."""
    if match.start is None or match.end is None:
        return []
    return [
        {"type": "TextQuoteSelector", "exact": match.exact, "prefix": match.prefix, "suffix": match.suffix},
        {"type": "TextPositionSelector", "start": match.start, "end": match.end},
    ]
