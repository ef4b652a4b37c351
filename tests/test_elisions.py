"""Partial quotes with elisions ("[…]", "(…)", "…") found piece by piece, and `prov verify` on one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from provenance.anchoring import CONTEXT, MAX_GAP, Match, locate
from provenance.folding import Folded, fold

Cli = Callable[..., Result]

FIRST = "Il n\u2019y aura pas de renflouement f\u00e9d\u00e9ral"
LAST = "pour l\u2019IA"
PASSAGE = f"{FIRST}, ni de plan de sauvetage d\u00e9guis\u00e9, {LAST}"
PAGE = (
    f"Sur X, le 6 novembre, le conseiller a \u00e9crit\u00a0: \u00ab\u202f{PASSAGE}.\u202f\u00bb Puis rien."
)
QUOTE = "Il n'y aura pas de renflouement fédéral […] pour l'IA"


def _span(match: Match) -> tuple[int, int]:
    assert match.start is not None and match.end is not None
    return match.start, match.end


def _found_at(match: Match, page: str, start: int, end: int) -> None:
    assert match.status == "found", match
    assert match.score == 100.0
    assert _span(match) == (start, end)
    assert page[start:end] == match.exact
    assert match.prefix == page[max(0, start - CONTEXT) : start]
    assert match.suffix == page[end : end + CONTEXT]


@pytest.mark.parametrize("mark", ["[…]", "[...]", "(…)", "(...)", "...", "…", "[ … ]", "....", " [\u2026] "])
def test_every_elision_mark_is_skipped(mark: str) -> None:
    match = locate(f"Il n'y aura pas de renflouement fédéral {mark} pour l'IA", PAGE)
    _found_at(match, PAGE, PAGE.index(FIRST), PAGE.index(LAST) + len(LAST))
    assert match.exact == PASSAGE
    assert match.detail == "found in 2 pieces around elisions"


def test_an_ellipsis_glued_to_a_word_is_an_elision() -> None:
    match = locate("Il n'y aura pas de renflouement fédéral… pour l'IA", PAGE)
    assert match.status == "found" and match.exact == PASSAGE


def test_folding_applies_to_each_piece() -> None:
    quote = '"IL N\'Y AURA PAS DE RENFLOUEMENT FEDERAL [...] POUR L\u2018IA."  '
    match = locate(quote, PAGE)
    # The quote marks are part of the quote: the guillemets and their inner spaces are in the span.
    _found_at(match, PAGE, PAGE.index("\u00ab"), PAGE.index("\u00bb") + 1)
    assert match.exact == f"\u00ab\u202f{PASSAGE}.\u202f\u00bb"


def test_three_pieces_in_order() -> None:
    quote = "Il n'y aura pas […] ni de plan […] pour l'IA."
    match = locate(quote, PAGE)
    _found_at(match, PAGE, PAGE.index(FIRST), PAGE.index(LAST) + len(LAST) + 1)
    assert match.detail == "found in 3 pieces around elisions"


def test_pieces_out_of_order_are_not_found() -> None:
    match = locate("pour l'IA […] Il n'y aura pas de renflouement fédéral", PAGE)
    assert match.status == "fuzzy"
    assert match.score is not None and match.score < 100


def test_positions_are_code_points_end_exclusive() -> None:
    # Astral characters, an expanding ligature and a combining accent before the passage.
    page = "\U0001f600\U0001f4b8 Stra\u00dfe \ufb01n e\u0301t\u00e9 \u2014 " + PAGE
    match = locate(QUOTE, page)
    start, end = _span(match)
    assert (start, end) == (page.index(FIRST), page.index(LAST) + len(LAST))
    assert page[start:end] == match.exact == PASSAGE


def _apart(gap: int) -> tuple[str, str]:
    """A page where the second piece starts ``gap`` characters after the first one ends."""
    page = f"Avant. Le plan est mort {'x' * (gap - 2)} Vive le plan. Apr\u00e8s."
    folded = fold(page)
    assert folded.index("vive") - folded.index("mort") - len("mort") == gap
    return page, "Le plan est mort [\u2026] Vive le plan"


def test_a_gap_up_to_the_limit_is_found_beyond_it_not() -> None:
    page, quote = _apart(MAX_GAP)
    match = locate(quote, page)
    assert match.status == "found"
    assert match.exact == page[page.index("Le plan") : page.index("Vive le plan") + len("Vive le plan")]
    page, quote = _apart(MAX_GAP + 1)
    assert locate(quote, page).status == "fuzzy"


def test_one_piece_missing_is_fuzzy_scored_by_the_characters_found() -> None:
    match = locate("Il n'y aura pas de renflouement fédéral […] pour les cryptomonnaies", PAGE)
    first, missing = len(fold(FIRST)), len("pour les cryptomonnaies")
    assert match.status == "fuzzy"
    assert match.score == round(100 * first / (first + missing), 1)
    assert match.exact == FIRST
    assert match.detail == "1 of 2 pieces found exactly, in order; 63% of the quote's characters"


def test_one_piece_only_approximate_is_fuzzy_never_found() -> None:
    match = locate(
        "Il n'y aura pas de renflouement fédéral […] pour l'IA générative", PAGE + " l'IA generatve"
    )
    assert match.status == "fuzzy"
    assert match.score is not None and 90 < match.score < 100
    match = locate("Il n'y aura pas de renflouemant fédéral […] pour l'IA", PAGE)
    assert match.status == "fuzzy"
    assert match.score is not None and 85 < match.score < 100
    assert match.exact == PASSAGE


def test_too_little_found_is_not_fuzzy() -> None:
    match = locate("Il n'y aura […] rien de tout cela dans les semaines ni les mois qui viennent", PAGE)
    assert match.status == "missing"


def test_an_ellipsis_of_the_original_is_found_whole() -> None:
    page = "Il a h\u00e9sit\u00e9\u00a0: \u00ab\u202fEh bien\u2026 nous verrons.\u202f\u00bb Fin."
    match = locate("Eh bien... nous verrons.", page)
    assert match.status == "found" and match.detail is None
    assert match.exact == "Eh bien\u2026 nous verrons."


def test_leading_and_trailing_ellipses_only_trim() -> None:
    page = "Il a conclu : nous ne pouvons pas nous permettre de reculer, et il est parti."
    for quote in (
        "… nous ne pouvons pas nous permettre de reculer",
        "[...] nous ne pouvons pas nous permettre de reculer (…)",
    ):
        match = locate(quote, page)
        assert match.status == "found"
        assert match.exact == "nous ne pouvons pas nous permettre de reculer"


def test_the_same_passage_twice_is_ambiguous_unless_context_pins_it() -> None:
    page = f"Lundi : {PASSAGE}. Mardi, encore : {PASSAGE}. Fin."
    assert locate(QUOTE, page).status == "ambiguous"
    pinned = locate(QUOTE, page, prefix="Mardi, encore : ")
    assert pinned.status == "found"
    assert _span(pinned)[0] == page.rindex(FIRST)


def test_a_piece_occurring_again_further_on_does_not_make_it_ambiguous() -> None:
    page = f"{PAGE} Et encore {LAST}, r\u00e9p\u00e8te-t-il."
    match = locate(QUOTE, page)
    assert match.status == "found" and match.exact == PASSAGE


LETTERS = "abcdefgrstuv\u00e9\u00e8\u00df"
SEPARATORS = [" ", " ", "\u00a0", ", ", " \u2014 ", "\u2019", " ; "]


@settings(max_examples=300)
@given(
    st.lists(st.text(alphabet=LETTERS, min_size=2, max_size=7), min_size=6, max_size=40),
    st.lists(st.sampled_from(SEPARATORS), min_size=40, max_size=40),
    st.data(),
)
def test_an_elided_slice_is_found_from_its_first_to_its_last_piece(
    words: list[str], separators: list[str], data: st.DataObject
) -> None:
    page, bounds = "", []
    for word, separator in zip(words, separators, strict=False):
        page += separator if page else ""
        bounds.append((len(page), len(page) + len(word)))
        page += word
    first = data.draw(st.integers(0, len(words) - 3))
    last = data.draw(st.integers(first + 2, len(words) - 1))
    # Which inner words are cut: at least one, never the first or last word of the quote.
    cut = data.draw(st.lists(st.booleans(), min_size=last - first - 1, max_size=last - first - 1))
    assume(any(cut))
    kept = [first, *(first + 1 + k for k, dropped in enumerate(cut) if not dropped), last]
    runs: list[list[int]] = []
    for index in kept:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    pieces = [page[bounds[run[0]][0] : bounds[run[-1]][1]] for run in runs]
    folded = Folded(page).text
    # One occurrence of each piece: one chain, so one answer the matcher must give.
    assume(all(folded.count(fold(piece)) == 1 for piece in pieces))
    match = locate(" [\u2026] ".join(pieces), page)
    assert match.status == "found", (pieces, match)
    assert _span(match) == (bounds[first][0], bounds[last][1])
    assert page[bounds[first][0] : bounds[last][1]] == match.exact


def test_prov_verify_finds_an_elided_quote_on_a_saved_page(cli: Cli, tmp_path: Path) -> None:
    article = "https://example.org/2025/11/article.html"
    saved = tmp_path / "article.html"
    saved.write_text(f"<html><body><article><p>{PAGE}</p></article></body></html>", encoding="utf-8")
    assert cli("add-article", article).exit_code == 0
    added = cli("add-quote", "--article", article, "--unattributed", "--text", QUOTE)
    assert added.exit_code == 0, added.stderr
    assert cli("fetch", article, "--from-file", str(saved)).exit_code == 0
    result = cli("verify", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["article"] == {"found": 1}
    side = report["quotations"][0]["article_side"]
    assert side["detail"] == "found in 2 pieces around elisions"
    quote_selector, position = side["selectors"]
    assert quote_selector["exact"] == PASSAGE
    assert position["end"] - position["start"] == len(PASSAGE)
    table = cli("verify", "--format", "csv")
    assert table.exit_code == 0 and "found in 2 pieces around elisions" in table.stdout
