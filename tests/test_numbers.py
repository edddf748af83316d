"""redistill.numbers: Redis's long double parsing, arithmetic and formatting.

The expected values were read from a real redis-server on x86-64 (80-bit long double).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redistill import errors
from redistill.errors import CommandError
from redistill.numbers import (
    add_long_double,
    format_long_double,
    incr_long_double,
    parse_long_double,
)

LD_MAX = "1.18973149535723176502e+4932"


@pytest.mark.parametrize(
    "text, value",
    [
        (b"0", Fraction(0)),
        (b"-0", Fraction(0)),
        (b"1.5", Fraction(3, 2)),
        (b"+.5", Fraction(1, 2)),
        (b"5.", Fraction(5)),
        (b"2.5e-1", Fraction(1, 4)),
        (b"1E+2", Fraction(100)),
        (b"0x1p3", Fraction(8)),
        (b"0X.8", Fraction(1, 2)),
        (b"-0x1.8p1", Fraction(-3)),
        (b"0e99999999999", Fraction(0)),
        (b"0x10000000000000001", Fraction(2**64)),  # 65 bits round to 64: tie to even
        (b"0x10000000000000003", Fraction(2**64 + 4)),
    ],
)
def test_parse_exact_values(text: bytes, value: Fraction) -> None:
    assert parse_long_double(text) == value


def test_parse_rounds_decimals_to_a_64_bit_mantissa() -> None:
    tenth = parse_long_double(b"0.1")
    assert isinstance(tenth, Fraction)
    assert tenth.denominator == 2**67
    assert abs(tenth - Fraction(1, 10)) < Fraction(1, 2**68)


@pytest.mark.parametrize("text", [b"inf", b"+INF", b"Infinity", b"-inf"])
def test_parse_accepts_infinity(text: bytes) -> None:
    value = parse_long_double(text)
    assert isinstance(value, float) and value in (float("inf"), float("-inf"))


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"nan",
        b"NaN",
        b"nan(1)",
        b" 1",
        b"\t1",
        b"1 ",
        b"1e",
        b"1e+",
        b"0x",
        b"0x1p",
        b".",
        b"--1",
        b"1,5",
        b"infin",
        b"1\x00",
        b"\x001",
        b"1.19e4932",  # overflows
        b"0x1p16384",
        b"1e-5000",  # underflows to zero
        b"0x1p-16446",  # half the smallest subnormal: ties to zero
        b"1" * 5120,  # longer than Redis's buffer
    ],
)
def test_parse_rejects(text: bytes) -> None:
    assert parse_long_double(text) is None


def test_parse_keeps_subnormals() -> None:
    assert parse_long_double(b"0x1p-16445") == Fraction(1, 2**16445)
    assert parse_long_double(b"0x1.0000001p-16446") == Fraction(1, 2**16445)


def test_parse_handles_mantissas_longer_than_python_int_limits() -> None:
    value = parse_long_double(b"1" * 5000 + b"e-4990")
    assert isinstance(value, Fraction)
    assert format_long_double(value) == b"1111111111.11111111112404615"


@pytest.mark.parametrize(
    "value, text",
    [
        (Fraction(0), b"0"),
        (Fraction(-1, 10**30), b"0"),
        (Fraction(21, 2), b"10.5"),
        (Fraction(-3), b"-3"),
        (Fraction(1, 2**18), b"0.00000381469726562"),  # an exact tie goes to even
        (Fraction(3, 2**18), b"0.00001144409179688"),
    ],
)
def test_format(value: Fraction, text: bytes) -> None:
    assert format_long_double(value) == text


def test_format_prints_every_digit_of_the_largest_value() -> None:
    value = parse_long_double(LD_MAX.encode())
    assert isinstance(value, Fraction)
    text = format_long_double(value)
    assert len(text) == 4933
    assert text.startswith(b"118973149535723176502126385303097020516906332229462420044032373")


@pytest.mark.parametrize(
    "current, incr, result",
    [
        (b"10.5", b"0.1", b"10.6"),
        (None, b"3.0e3", b"3000"),
        (b"5.0e3", b"1", b"5001"),
        (b"0.1", b"0.2", b"0.3"),
        (b"1e17", b"0.1", b"100000000000000000.1015625"),
        (b"123456789012345678", b"0.3", b"123456789012345678.296875"),
        (b"-1", b"0.99999999999999999", b"-0.00000000000000001"),
        (LD_MAX.encode(), b"-" + LD_MAX.encode(), b"0"),
    ],
)
def test_incr(current: bytes | None, incr: bytes, result: bytes) -> None:
    assert incr_long_double(current, incr) == result


def test_incr_overflow_is_nan_or_infinity() -> None:
    with pytest.raises(CommandError) as info:
        incr_long_double(LD_MAX.encode(), LD_MAX.encode())
    assert info.value.reply == errors.NAN_OR_INF.encode()


def test_incr_with_infinity_is_nan_or_infinity() -> None:
    with pytest.raises(CommandError) as info:
        incr_long_double(b"inf", b"-inf")
    assert info.value.reply == errors.NAN_OR_INF.encode()


def test_incr_errors_are_parametrised_for_hashes() -> None:
    with pytest.raises(CommandError) as info:
        incr_long_double(b"abc", b"1", current_error=errors.HASH_NOT_FLOAT)
    assert info.value.reply == b"ERR hash value is not a float"
    with pytest.raises(CommandError) as info:
        incr_long_double(b"1", b"abc", current_error=errors.HASH_NOT_FLOAT)
    assert info.value.reply == b"ERR value is not a valid float"


def test_incr_parses_the_current_value_first() -> None:
    with pytest.raises(CommandError) as info:
        incr_long_double(b"x", b"y", current_error="ERR current", incr_error="ERR incr")
    assert info.value.reply == b"ERR current"


def test_incr_accepts_a_parsed_increment() -> None:
    assert incr_long_double(b"1", Fraction(1, 4)) == b"1.25"


def test_add_returns_none_for_infinite_sums() -> None:
    assert add_long_double(Fraction(1), float("inf")) is None
    assert add_long_double(Fraction(1), Fraction(2)) == Fraction(3)


@given(
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=10**17 - 1),
    st.booleans(),
)
def test_short_decimals_print_back_as_typed(whole: int, frac: int, negative: bool) -> None:
    # Below 10 a 64-bit mantissa is accurate to ~5e-19: 17 decimals come back exactly.
    text = ("-" if negative else "") + f"{whole}.{frac:017d}"
    value = parse_long_double(text.encode())
    assert isinstance(value, Fraction)
    expected = Decimal(text).normalize()
    shown = "0" if expected == 0 else format(expected, "f")
    assert format_long_double(value) == shown.encode()


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_doubles_are_exact_long_doubles(x: float) -> None:
    value = parse_long_double(float.hex(x).encode())
    assert value == Fraction(x)
