"""Folding texts and locating quotes in them: positions always on the original text."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from provenance.anchoring import CONTEXT, locate, selectors
from provenance.folding import Folded, fold, normalise

# Letters, accents (precomposed and combining), typographic marks, odd spaces, expansions.
ALPHABET = "abcdeAB éÉe\u0301 \u2019'\u201c\u201d«»\u2039\u203a\u2014\u2013-…\u00a0\u202f\n\t.ßﬁ\u200b"


def _deleted_after(text: str, at: int) -> int:
    """How many characters after ``at`` fold to nothing (combining marks, zero-width spaces)."""
    n = 0
    while at + n < len(text) and fold(text[at + n]) == "":
        n += 1
    return n


def test_folds_quotes_dashes_spaces_case_and_accents() -> None:
    text = "Il a dit : «\u202fNous ne pouvons  pas \u2014 l\u2019IA\u00a0» …"
    folded, offsets = normalise(text)
    assert folded == 'il a dit : "nous ne pouvons pas - l\'ia" ...'
    assert len(offsets) == len(folded)
    assert text[offsets[folded.index("nous")]] == "N"
    assert text[offsets[folded.index("-")]] == "\u2014"


def test_found_reports_original_positions_and_context() -> None:
    text = "Préambule. " * 5 + "Nous ne pouvons pas nous permettre de reculer. Fin du texte ici."
    match = locate("nous ne pouvons pas nous permettre de reculer", text)
    assert match.status == "found"
    assert match.start is not None and match.end is not None
    assert text[match.start : match.end] == match.exact == "Nous ne pouvons pas nous permettre de reculer"
    assert match.prefix == text[match.start - CONTEXT : match.start]
    assert match.suffix == text[match.end : match.end + CONTEXT]
    assert selectors(match) == [
        {"type": "TextQuoteSelector", "exact": match.exact, "prefix": match.prefix, "suffix": match.suffix},
        {"type": "TextPositionSelector", "start": match.start, "end": match.end},
    ]


def test_typographic_variants_are_found_exactly() -> None:
    text = "Il a déclaré : « Il n\u2019y aura pas de plan \u2014 aucun »  et   rien d\u2019autre."
    match = locate("\"Il n'y aura pas de plan - aucun\" et rien d'autre", text)
    assert match.status == "found"
    assert match.exact == "« Il n\u2019y aura pas de plan \u2014 aucun »  et   rien d\u2019autre"


def test_combining_accents_stay_whole() -> None:
    text = "Les E\u0301tats-Unis comptent"
    match = locate("les états", text)
    assert match.status == "found"
    assert match.exact == "Les E\u0301tats"


def test_repeated_quote_is_ambiguous_unless_context_pins_it() -> None:
    text = "Il a dit oui. Plus tard, dans une autre réunion, elle a dit oui. Puis il est parti."
    assert locate("a dit oui", text).status == "ambiguous"
    assert locate("a dit oui", text).occurrences == 2
    pinned = locate("a dit oui", text, prefix="autre réunion, elle ")
    assert pinned.status == "found"
    assert pinned.start == text.index("a dit oui. Puis")
    by_suffix = locate("a dit oui", text, suffix=". Plus tard")
    assert by_suffix.status == "found" and by_suffix.start == text.index("a dit oui")
    # Context that agrees equally with both occurrences pins nothing.
    assert locate("a dit oui", text, suffix=". P").status == "ambiguous"


def test_near_miss_is_fuzzy_with_whole_words_never_found() -> None:
    text = "Début. Nous ne pouvons pas nous permettre de reculer maintenant. Fin."
    match = locate("nous ne pouvons pas nous permettre de recular", text)
    assert match.status == "fuzzy"
    assert match.score is not None and 85 <= match.score < 100
    assert match.start is not None and match.end is not None
    assert text[match.start : match.end] == match.exact
    assert match.exact is not None and match.exact.startswith("Nous") and match.exact.endswith("reculer")


def test_missing() -> None:
    match = locate("rien à voir avec ce texte", "Une page qui parle d'autre chose entièrement.")
    assert match.status == "missing"
    assert match.start is None and selectors(match) == []
    assert locate("   ", "du texte").status == "missing"
    assert locate("une citation plus longue que le texte", "court").status == "missing"


@settings(max_examples=300)
@given(st.text())
def test_normalise_is_idempotent_and_offsets_index_the_original(text: str) -> None:
    folded, offsets = normalise(text)
    assert normalise(folded)[0] == folded
    assert len(offsets) == len(folded)
    assert all(0 <= o < len(text) for o in offsets)
    assert offsets == sorted(offsets)


@settings(max_examples=400)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=80), st.data())
def test_a_slice_is_found_where_it_was_taken(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    needle = fold(text[i:j]).strip(" ")
    assume(needle)
    folded = Folded(text)
    positions = [k for k in range(len(folded.text)) if folded.text.startswith(needle, k)]
    match = locate(text[i:j], folded)
    if len(positions) > 1:
        assert match.status == "ambiguous", positions
        return
    assert match.status == "found"
    assert match.start is not None and match.end is not None
    assert i <= match.start < match.end <= j + _deleted_after(text, j)
    assert text[match.start : match.end] == match.exact
    assert fold(match.exact).strip(" ") == needle


WORDS = st.lists(st.sampled_from(["vote", "loi", "année", "dit", "plan", "état", "jamais"]), max_size=6)


def _typeset(ascii_quote: str, variant: int) -> str:
    """The same words as a typesetter might print them."""
    table = [
        {"'": "\u2019", '"': "\u201c", "-": "\u2014", " ": "\u00a0"},
        {"'": "\u2018", '"': "\u201d", "-": "\u2013", " ": "  "},
        {"'": "'", '"': "«\u202f", "-": "\u2212", " ": "\n"},
    ][variant]
    return "".join(table.get(c, c) for c in ascii_quote)


@settings(max_examples=200)
@given(WORDS, WORDS, WORDS, st.integers(0, 2), st.booleans())
def test_typographic_variants_of_a_quote_are_found(
    before: list[str], core: list[str], after: list[str], variant: int, quote_is_plain: bool
) -> None:
    quote = " ".join(["l'unique", *core, '- "zqx"'])
    text = " ".join([*before, quote, *after]) + "."
    printed = _typeset(quote, variant)
    # The typographic form may be on either side: in the source or in the quoting article.
    haystack, needle = (text.replace(quote, printed), quote) if quote_is_plain else (text, printed)
    match = locate(needle, haystack)
    assert match.status == "found"
    assert match.start is not None and match.end is not None
    assert haystack[match.start : match.end] == match.exact
    assert fold(match.exact) == fold(needle).strip(" ")


# Characters each fast-path shortcut could get wrong: "İ" lowers to two characters, the Kelvin sign
# to ASCII, Cherokee casefolds to upper case, capital sigma lowers by context, "ß" and "ﬁ" expand,
# ASCII whitespace and "`" change.
TRICKY = (
    "aZ `\t\n\r\x0b\x1f  éÉe\u0301İi\u212akßﬁ…\u2019«»\u2039\u203a\u202f\u00a0\u200b"
    "\uab70\u13a0\u03a3\u03c3\u03c2Å\u2014日"
)


def _same_folding(text: str) -> None:
    fast, general = Folded(text), Folded(text, fast=False)
    assert fast.text == general.text
    assert [fast.to_original(i) for i in range(len(fast.text) + 1)] == [
        general.to_original(i) for i in range(len(general.text) + 1)
    ]
    for i in range(len(fast.text) + 1):
        assert fast.span(i, min(i + 3, len(fast.text))) == general.span(i, min(i + 3, len(general.text)))


@settings(max_examples=400)
@given(st.text(alphabet=ALPHABET + TRICKY, max_size=120))
def test_fast_folding_agrees_with_the_general_path(text: str) -> None:
    _same_folding(text)


@settings(max_examples=300)
@given(st.lists(st.one_of(st.text(alphabet=TRICKY, max_size=6), st.text(max_size=6)), max_size=20))
def test_fast_folding_agrees_on_any_text(parts: list[str]) -> None:
    _same_folding("".join(parts))
    _same_folding(" ".join(parts).upper())


def test_typeset_french_takes_the_fast_path() -> None:
    from provenance.folding import _translate_fast

    text = "L\u2019État a dit : «\u202fNon\u202f» \u2014 Économie…\n" * 50
    assert _translate_fast(text) is not None
    _same_folding(text)
