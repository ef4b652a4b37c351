"""Name keys and stable ids: what makes two spellings one person, and two researchers one id."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import InvalidInput
from provenance.ids import NAMESPACE, stable_id
from provenance.names import clean_text, name_key, optional_text

ascii_names = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@pytest.mark.parametrize(
    "spelling",
    [
        "Gary Marcus",
        "gary marcus",
        "GARY MARCUS",
        "  Gary   Marcus ",
        "Gäry Marcus",
        "Gary\tMárcus",
        "\uff27\uff41\uff52\uff59 Marcus",
    ],
)
def test_spellings_share_a_key(spelling: str) -> None:
    assert name_key(spelling) == "gary marcus"


def test_handles_keep_their_at_sign() -> None:
    assert name_key("@DavidSacks") == "@davidsacks"
    assert name_key("@DavidSacks") != name_key("DavidSacks")


def test_different_names_have_different_keys() -> None:
    assert name_key("Gary Marcus") != name_key("Gary Markus")
    assert name_key("David Sacks") != name_key("David O. Sacks")


def test_accents_and_ligatures() -> None:
    assert name_key("Hannibal Genséric") == name_key("HANNIBAL GENSERIC")
    assert name_key("Maison Blanche") == name_key("maison  blanche")
    assert name_key("Straße") == name_key("STRASSE")


@given(st.text())
def test_name_key_is_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@given(ascii_names)
def test_name_key_ignores_ascii_case(text: str) -> None:
    assert name_key(text.upper()) == name_key(text)
    assert name_key(text.lower()) == name_key(text)


@given(ascii_names, ascii_names)
def test_name_key_ignores_spacing(a: str, b: str) -> None:
    assert name_key(f"  {a}   {b} ") == name_key(f"{a} {b}")


def test_clean_text_and_optional_text() -> None:
    assert clean_text("  Gary Marcus \n", "name") == "Gary Marcus"
    for empty in ("", "   ", None):
        with pytest.raises(InvalidInput, match="empty name"):
            clean_text(empty, "name")
        assert optional_text(empty) is None
    assert optional_text(" x ") == "x"


def test_stable_id_is_a_uuid5_in_the_project_namespace() -> None:
    value = stable_id("person", "gary marcus")
    parsed = uuid.UUID(value)
    assert parsed.version == 5
    assert value == str(uuid.uuid5(NAMESPACE, "person\x1fgary marcus"))


@given(st.text(), st.lists(st.one_of(st.none(), st.text(), st.integers()), max_size=4))
def test_stable_id_is_deterministic(kind: str, parts: list[object]) -> None:
    assert stable_id(kind, *parts) == stable_id(kind, *parts)


@given(st.text(min_size=1))
def test_stable_id_differs_by_kind(key: str) -> None:
    ids = {stable_id(kind, key) for kind in ("person", "alias", "claim", "source", "article", "statement")}
    assert len(ids) == 6


def test_stable_id_depends_on_every_part_and_its_place() -> None:
    assert stable_id("affiliation", "a", "b") != stable_id("affiliation", "b", "a")
    assert stable_id("affiliation", "a", "b") != stable_id("affiliation", "a", "b", "c")
    assert stable_id("claim", "federal-ai-bailout") != stable_id("claim", "federal-ai-bailouts")
    # None is an absent part, the same as an empty one: optional keys stay stable.
    assert stable_id("affiliation", "a", None) == stable_id("affiliation", "a", "")
