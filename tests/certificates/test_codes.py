"""Verification codes: enough randomness, no ambiguous characters, forgiving input."""

import math

from hypothesis import given
from hypothesis import strategies as st

from certificates import codes


def test_code_has_at_least_80_bits_and_no_ambiguous_characters():
    assert math.log2(len(codes.ALPHABET)) * codes.CODE_LENGTH >= 80
    for ch in "0O1IL":
        assert ch not in codes.ALPHABET
    code = codes.generate_code()
    assert len(code) == codes.CODE_LENGTH
    assert set(code) <= set(codes.ALPHABET)


def test_codes_do_not_repeat():
    assert len({codes.generate_code() for _ in range(5000)}) == 5000


def test_printed_in_groups_of_four():
    assert codes.format_code("ABCDEFGHJKMNPQRSTUVW") == "ABCD-EFGH-JKMN-PQRS-TUVW"


def test_typed_code_ignores_case_spaces_and_dashes():
    code = codes.generate_code()
    typed = " " + codes.format_code(code).lower().replace("-", " - ") + "\n"
    assert codes.normalise_code(typed) == code


def test_malformed_input_is_not_a_code():
    for text in (
        "../../etc/passwd",
        "x" * 10_000,
        "' OR 1=1--",
        "%00",
        "\x00" * 20,
        "",
        "ABCD",
    ):
        assert codes.normalise_code(text) is None
    assert codes.normalise_code(None) is None


def test_ambiguous_characters_are_refused():
    assert codes.normalise_code("O" * codes.CODE_LENGTH) is None
    assert codes.normalise_code("2" * (codes.CODE_LENGTH - 1) + "\n") is None


@given(st.text(max_size=200))
def test_normalise_never_fails(text):
    result = codes.normalise_code(text)
    assert result is None or (
        len(result) == codes.CODE_LENGTH and set(result) <= set(codes.ALPHABET)
    )
