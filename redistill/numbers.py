"""Redis's ``long double`` arithmetic, emulated exactly.

INCRBYFLOAT and HINCRBYFLOAT compute in C ``long double``, which on x86-64 is
the x87 80-bit extended format: a 64-bit mantissa with an explicit integer bit,
exponents from -16382 to 16383 and subnormals down to 2**-16445. Python floats
are IEEE doubles, so we cannot borrow their arithmetic (``10.5 + 0.1`` must give
``10.6``, not ``10.600000000000001``). Instead every finite value is an exact
:class:`~fractions.Fraction` that is always a representable 80-bit number:

* parsing follows ``strtold`` as Redis's ``string2ld`` wraps it: decimal and
  hexadecimal notation, ``inf``/``infinity``, correct rounding to nearest-even;
  a leading space, trailing garbage, NaN, an overflow or an underflow to zero
  makes the string invalid;
* a sum is computed exactly and rounded once, as the FPU does;
* formatting is ``%.17Lf`` (exact decimal expansion, ties to even) with the
  trailing zeros and a bare dot removed, and ``-0`` shown as ``0``.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Union

from .errors import NAN_OR_INF, NOT_FLOAT, CommandError

#: A finite value is an exact Fraction; the infinities are the floats +-inf.
LongDouble = Union[Fraction, float]

_MANT_BITS = 64
_EMIN = -16382  # exponent of the smallest normal number
_EMAX = 16383  # exponent of the largest finite number
_MAX_FINITE = ((1 << _MANT_BITS) - 1) << (_EMAX - _MANT_BITS + 1)
#: Redis's MAX_LONG_DOUBLE_CHARS: longer strings are never parsed
_MAX_CHARS = 5 * 1024
_ZERO = Fraction(0)
_INF = float("inf")

_DECIMAL = re.compile(rb"([+-]?)(?:([0-9]+)\.?([0-9]*)|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?")
_HEX = re.compile(
    rb"([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?"
)
_INFINITY = re.compile(rb"([+-]?)(?:inf|infinity)", re.IGNORECASE)
_SPACES = frozenset(b" \t\n\v\f\r")


def parse_long_double(raw: bytes) -> LongDouble | None:
    """Parse ``raw`` like Redis's ``string2ld``; None if it is not a valid float."""
    n = len(raw)
    if n == 0 or n >= _MAX_CHARS or raw[0] in _SPACES:
        return None
    m = _DECIMAL.fullmatch(raw)
    if m is not None:
        sign, whole, frac, only_frac, exp = m.groups()
        digits = whole + frac if only_frac is None else only_frac
        return _from_digits(sign == b"-", digits, 10, len(digits) - len(whole or b""), exp)
    m = _HEX.fullmatch(raw)
    if m is not None:
        sign, whole, frac, only_frac, exp = m.groups()
        digits = whole + frac if only_frac is None else only_frac
        return _from_digits(sign == b"-", digits, 16, len(digits) - len(whole or b""), exp)
    m = _INFINITY.fullmatch(raw)
    if m is not None:
        return -_INF if m.group(1) == b"-" else _INF
    return None


def _from_digits(
    neg: bool, digits: bytes, base: int, frac_len: int, exp: bytes | None
) -> LongDouble | None:
    """Round ``digits * base**-frac_len * (10 or 2)**exp`` to the nearest long double."""
    digits = digits.lstrip(b"0")
    if not digits:
        return _ZERO
    if base == 10:
        stripped = digits.rstrip(b"0")
        frac_len -= len(digits) - len(stripped)
        digits = stripped
    e = _small_int(exp)
    if base == 10:
        e10 = e - frac_len
        # The value lies in [10**top, 10**(top+1)).
        top = e10 + len(digits) - 1
        if top >= 4933:  # above the largest long double (~1.19e4932)
            return None
        if top < -4952:  # below half the smallest subnormal (~3.65e-4951)
            return None
        mant = _decimal_int(digits)
        if e10 >= 0:
            num, den = mant * 10**e10, 1
        else:
            num, den = mant, 10**-e10
    else:
        e2 = e - 4 * frac_len
        top = e2 + 4 * len(digits)  # the value lies in [2**(top-4), 2**top)
        if top > _EMAX + 8:
            return None
        if top < _EMIN - _MANT_BITS - 2:
            return None
        mant = int(digits, 16)
        if e2 >= 0:
            num, den = mant << e2, 1
        else:
            num, den = mant, 1 << -e2
    value = _round(-num if neg else num, den)
    if value == 0 or isinstance(value, float):  # underflow to zero or overflow
        return None
    return value


def _small_int(exp: bytes | None) -> int:
    """An exponent, clamped far outside the range where it could matter."""
    if exp is None:
        return 0
    neg = exp[:1] == b"-"
    body = exp.lstrip(b"+-").lstrip(b"0")
    if len(body) > 9:
        return -(10**9) if neg else 10**9
    value = int(body or b"0")
    return -value if neg else value


def _decimal_int(digits: bytes) -> int:
    """``int(digits)`` without Python's limit on the length of decimal strings."""
    if len(digits) <= 4000:
        return int(digits)
    value = 0
    for i in range(0, len(digits), 4000):
        chunk = digits[i : i + 4000]
        value = value * 10 ** len(chunk) + int(chunk)
    return value


def _round(num: int, den: int) -> LongDouble:
    """The long double nearest to ``num / den`` (ties to even); +-inf on overflow."""
    if num == 0:
        return _ZERO
    neg = num < 0
    p = -num if neg else num
    e = p.bit_length() - den.bit_length()  # p/den is in [2**(e-1), 2**(e+1))
    if (p << -e if e < 0 else p) < (den << e if e > 0 else den):
        e -= 1
    if e > _EMAX:
        return -_INF if neg else _INF
    shift = (e if e > _EMIN else _EMIN) - (_MANT_BITS - 1)  # the unit in the last place
    if shift >= 0:
        q, r = divmod(p, den << shift)
        half = (r << 1) - (den << shift)
    else:
        q, r = divmod(p << -shift, den)
        half = (r << 1) - den
    if half > 0 or (half == 0 and q & 1):
        q += 1
    if shift >= 0:
        q <<= shift
        if q > _MAX_FINITE:
            return -_INF if neg else _INF
        return Fraction(-q if neg else q)
    return Fraction(-q if neg else q, 1 << -shift)


def add_long_double(a: LongDouble, b: LongDouble) -> Fraction | None:
    """``a + b`` rounded to a long double; None when it is NaN or infinite."""
    if isinstance(a, float) or isinstance(b, float):
        return None
    total = a + b
    value = _round(total.numerator, total.denominator)
    if isinstance(value, float):
        return None
    return value


_SCALE = 10**17


def format_long_double(value: Fraction) -> bytes:
    """``%.17Lf`` with trailing zeros (and a bare dot) removed; ``-0`` becomes ``0``."""
    num, den = value.numerator, value.denominator
    neg = num < 0
    q, r = divmod((-num if neg else num) * _SCALE, den)
    twice = r << 1
    if twice > den or (twice == den and q & 1):
        q += 1
    if q == 0:
        return b"0"
    whole, frac = divmod(q, _SCALE)
    text = _int_bytes(whole)
    if frac:
        text += b".%017d" % frac
        text = text.rstrip(b"0")
    return b"-" + text if neg else text


_CHUNK = 10**4000


def _int_bytes(n: int) -> bytes:
    """``b"%d" % n`` for a non-negative n, without Python's limit on digit counts."""
    if n < _CHUNK:
        return b"%d" % n
    chunks = []
    while n:
        n, low = divmod(n, _CHUNK)
        chunks.append(low)
    head = b"%d" % chunks.pop()
    return head + b"".join(b"%04000d" % c for c in reversed(chunks))


def incr_long_double(
    current: bytes | None,
    incr: bytes | LongDouble,
    *,
    current_error: str = NOT_FLOAT,
    incr_error: str = NOT_FLOAT,
) -> bytes:
    """INCRBYFLOAT's arithmetic: ``current`` (None counts as 0) plus ``incr``, formatted.

    ``current`` is parsed first, then ``incr`` (unless already parsed). Raises
    :class:`CommandError` with ``current_error`` / ``incr_error`` for an invalid
    float and ``ERR increment would produce NaN or Infinity`` for such a result.
    """
    if current is None:
        value: LongDouble = _ZERO
    else:
        parsed = parse_long_double(current)
        if parsed is None:
            raise CommandError(current_error)
        value = parsed
    if isinstance(incr, bytes):
        parsed = parse_long_double(incr)
        if parsed is None:
            raise CommandError(incr_error)
        incr = parsed
    total = add_long_double(value, incr)
    if total is None:
        raise CommandError(NAN_OR_INF)
    return format_long_double(total)


__all__ = [
    "LongDouble",
    "add_long_double",
    "format_long_double",
    "incr_long_double",
    "parse_long_double",
]
