"""Names and e-mail addresses are cleaned and compared the way people expect."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.text import (
    clean_person_name,
    format_characters,
    normalise_email,
    person_name_key,
)


def test_a_decomposed_name_becomes_the_composed_one():
    decomposed = "Zoe\u0308 Marti\u0301nez"
    assert decomposed != "Zoë Martínez"
    assert clean_person_name(decomposed) == "Zoë Martínez"


def test_runs_of_spaces_tabs_and_line_breaks_become_one_space():
    assert clean_person_name("  Marcia \t\u00a0 Joseph\r\n") == "Marcia Joseph"


@pytest.mark.parametrize(
    "hidden",
    [
        "\u200b",  # zero-width space
        "\u200d",  # zero-width joiner
        "\ufeff",  # byte-order mark
        "\u00ad",  # soft hyphen
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\u2069",  # pop directional isolate
    ],
)
def test_invisible_format_characters_are_removed_and_named(hidden):
    raw = f"Dwayne{hidden} St. Rose"
    assert clean_person_name(raw) == "Dwayne St. Rose"
    assert format_characters(raw) == [f"U+{ord(hidden):04X}"]


def test_a_name_with_a_right_to_left_override_does_not_print_reversed():
    raw = "\u202eesoR .tS enywD\u202c"
    assert clean_person_name(raw) == "esoR .tS enywD"
    assert "\u202e" not in clean_person_name(raw)


def test_control_characters_go_but_accents_and_apostrophes_stay():
    assert clean_person_name("Jürgen\x00 O'Neill-Müller\x07") == "Jürgen O'Neill-Müller"
    assert format_characters("Jürgen O'Neill") == []


def test_names_that_differ_only_by_normalisation_or_case_have_one_key():
    assert person_name_key("Zoe\u0308  MARTI\u0301NEZ") == person_name_key(
        "zoë martínez"
    )


def test_emails_are_trimmed_lower_case_and_free_of_hidden_characters():
    assert (
        normalise_email("  Marcia.Joseph@Example.ORG \t") == "marcia.joseph@example.org"
    )
    assert normalise_email("a\u200b@example.org") == "a@example.org"
    assert normalise_email(None) == ""
    assert normalise_email("   ") == ""


def test_a_space_inside_an_address_is_kept_for_validation_to_refuse():
    assert normalise_email("marcia joseph@example.org") == "marcia joseph@example.org"


@given(st.text())
def test_cleaning_is_idempotent_and_leaves_nothing_invisible(text):
    once = clean_person_name(text)
    assert clean_person_name(once) == once
    assert format_characters(once) == []
    assert unicodedata.is_normalized("NFC", once)
    assert "  " not in once and once == once.strip()
