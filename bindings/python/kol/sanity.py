"""Engagement sanity (kol/sanity.h): is an account's engagement plausible
for its size; spikes in a daily follower series."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, OutArray, array_in, ccall, check_status, handle_arg,
                    int_arg, num_arg, param_arg, text_out)
from .record import Record

__all__ = ["Sanity", "Finding", "Spikes", "PARAMS", "VERDICTS", "reason",
           "size_band_of", "param_bounds"]

PARAMS: Dict[str, int] = _ffi.enum_table("kol_sanity_param", "KOL_SANITY_PARAM_")
#: Verdict names by code.
VERDICTS: Dict[int, str] = {v: k for k, v in _ffi.enum_table("kol_sanity_verdict",
                                                                "KOL_SANITY_").items()}
BANDS: Dict[str, int] = _ffi.enum_table("kol_size_band", "KOL_SIZE_")


def _code(table: Dict[str, int], v: Union[int, str], what: str) -> int:
    if isinstance(v, str):
        try:
            return table[v]
        except KeyError:
            raise ValueError("kol: unknown %s %r" % (what, v)) from None
    return int_arg(v, what)


def reason(verdict: int) -> Optional[str]:
    """The library's reason text of a verdict code."""
    return text_out(ccall("kol_sanity_reason", verdict))


def size_band_of(followers: float) -> int:
    """The size band code of an account with this many followers."""
    return int(_ffi.lib().kol_size_band_of(num_arg(followers, "followers")))


def param_bounds(param: Union[int, str]) -> Tuple[float, float, float]:
    """(min, max, default) of a sanity parameter."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    check_status(ccall("kol_sanity_param_bounds", _code(PARAMS, param, "sanity parameter"),
                       _c.byref(lo), _c.byref(hi), _c.byref(de)),
                 "kol_sanity_param_bounds")
    return lo.value, hi.value, de.value


class Finding(NamedTuple):
    """One implausible engagement figure."""
    verdict: str
    code: int
    observed: float
    expected: float
    reason: str


class Spikes(NamedTuple):
    """Follower-spike verdicts per day, their robust z, and the count."""
    verdicts: Any
    z: Any
    count: int


class Sanity(Handle):
    """Engagement sanity rules and benchmarks (``kol_sanity``)."""

    _free = "kol_sanity_free"

    def __init__(self, ctx: Context, **params: float) -> None:
        self._new(ctx, "kol_sanity_new")
        for k, v in params.items():
            self.set_param(k, v)

    def set_param(self, param: Union[int, str], value: float) -> None:
        """Set a parameter to a number (TypeError naming the parameter for
        anything else, text included)."""
        code = _code(PARAMS, param, "sanity parameter")
        self._call("kol_sanity_set_param", code, param_arg(PARAMS, code, value))

    def get_param(self, param: Union[int, str]) -> float:
        """Read a parameter."""
        out = _c.c_double()
        self._call("kol_sanity_get_param", _code(PARAMS, param, "sanity parameter"),
                   _c.byref(out))
        return out.value

    def set_benchmark(self, band: Union[int, str], median_rate: float) -> None:
        """Replace the typical engagement rate of a size band."""
        self._call("kol_sanity_set_benchmark", _code(BANDS, band, "size band"),
                   num_arg(median_rate, "median_rate"))

    def benchmark(self, band: Union[int, str]) -> float:
        """The typical engagement rate of a size band."""
        out = _c.c_double()
        self._call("kol_sanity_benchmark", _code(BANDS, band, "size band"), _c.byref(out))
        return out.value

    def check(self, rec: Record) -> List[Finding]:
        """Check a record's engagement; [] when nothing is implausible.

        Raises:
            kol.NotFoundError: when no check could be made (metrics missing).
        """
        rp = handle_arg(rec, "rec", Record)
        cap = len(VERDICTS)
        v = (_c.c_int32 * cap)()
        o = (_c.c_double * cap)()
        e = (_c.c_double * cap)()
        count = _c.c_size_t()
        self._call("kol_sanity_check", rp, v, o, e, cap, _c.byref(count))
        return [Finding(VERDICTS.get(v[i], str(v[i])), v[i], o[i], e[i], reason(v[i]) or "")
                for i in range(min(count.value, cap))]

    def follower_spikes(self, followers: Any) -> Spikes:
        """Spikes and drops in a daily follower series (NaN: no count)."""
        p, n, keep = array_in(followers, _c.c_double, "followers")
        verdicts = OutArray(_c.c_int32, n)
        z = OutArray(_c.c_double, n)
        spikes = _c.c_size_t()
        self._call("kol_sanity_follower_spikes", p, n, verdicts.ptr, z.ptr, _c.byref(spikes))
        return Spikes(verdicts.result(), z.result(), int(spikes.value))
