"""Audience quality (kol/audience_quality.h): fake probability of each
follower of a sample, and the real-follower ratio with an interval."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Dict, NamedTuple, Optional, Sequence, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, OutArray, array_in, ccall, check_status, int_arg,
                    iterable_arg, param_arg, rows_in, text_in, unknown_name)

__all__ = ["Audience", "RealRatio", "FEATURES", "PARAMS", "VERDICTS", "param_bounds"]

FEATURES: Dict[str, int] = _ffi.enum_table("kol_follower_feature", "KOL_FOLLOWER_")
PARAMS: Dict[str, int] = _ffi.enum_table("kol_audience_param", "KOL_AUDIENCE_PARAM_")
#: Verdict names by code.
VERDICTS: Dict[int, str] = {v: k for k, v in _ffi.enum_table("kol_audience_verdict",
                                                                "KOL_AUDIENCE_").items()}
_NOT_FOUND = int(_ffi.declarations().constants["KOL_STATUS_NOT_FOUND"])


def _code(table: Dict[str, int], v: Union[int, str], what: str) -> int:
    if isinstance(v, str):
        try:
            return table[v]
        except KeyError:
            raise ValueError("kol: unknown %s %r" % (what, v)) from None
    return int_arg(v, what)


def feature_name(code: int) -> Optional[str]:
    """Name of a follower feature code, None if unknown."""
    name = ccall("kol_follower_feature_name", code)
    return None if name is None else name.decode("utf-8")


def feature_code(name: str) -> int:
    """The code of a follower feature name.

    Raises:
        kol.UnknownNameError: for an unknown name (a ValueError, and a
            kol.NotFoundError), its text listing the feature names.
    """
    out = _c.c_int32()
    st = ccall("kol_follower_feature_from_name", text_in(name, "feature name"),
               _c.byref(out))
    if st == _NOT_FOUND:
        raise unknown_name("feature", name, sorted(FEATURES, key=FEATURES.get), st,
                           "kol_follower_feature_from_name")
    check_status(st, "kol_follower_feature_from_name(%r)" % name)
    return out.value


def param_bounds(param: Union[int, str]) -> Tuple[float, float, float]:
    """(min, max, default) of a model parameter."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    check_status(ccall("kol_audience_param_bounds", _code(PARAMS, param, "audience parameter"),
                       _c.byref(lo), _c.byref(hi), _c.byref(de)),
                 "kol_audience_param_bounds")
    return lo.value, hi.value, de.value


class RealRatio(NamedTuple):
    """Real-follower ratio with its Wilson interval and the rows used."""
    ratio: float
    low: float
    high: float
    used: int


class Audience(Handle):
    """The fake-follower model (``kol_audience``)."""

    _free = "kol_audience_free"

    def __init__(self, ctx: Context, **params: float) -> None:
        self._new(ctx, "kol_audience_new")
        for k, v in params.items():
            self.set_param(k, v)

    def set_param(self, param: Union[int, str], value: float) -> None:
        """Set a parameter ("prior", "threshold", "confidence", "age_weight")
        to a number (TypeError naming the parameter for anything else, text
        included)."""
        code = _code(PARAMS, param, "audience parameter")
        self._call("kol_audience_set_param", code, param_arg(PARAMS, code, value))

    def get_param(self, param: Union[int, str]) -> float:
        """Read a parameter."""
        out = _c.c_double()
        self._call("kol_audience_get_param", _code(PARAMS, param, "audience parameter"),
                   _c.byref(out))
        return out.value

    def score(self, columns: Sequence[Union[int, str]], values: Any) -> Tuple[Any, Any]:
        """Fake probability and verdict code of each follower.

        Args:
            columns: feature names or codes, one per column of @p values.
            values: rows of len(columns) values: nested sequences (each
                of exactly len(columns) values; ValueError naming the row
                otherwise) or an N x C float64 numpy array (passed without
                copying when C-contiguous, aligned and native-endian, else
                copied); NaN for unknown.

        Returns:
            (probabilities, verdict codes: 0 unknown, 1 real, 2 fake).
        """
        codes = [feature_code(c) if isinstance(c, str) else int_arg(c, "columns[%d]" % i)
                 for i, c in enumerate(iterable_arg(columns, "columns",
                                                    "a sequence of feature names or codes"))]
        cp, nc, k1 = array_in(codes, _c.c_int32, "columns")
        vp, n_rows, k2 = rows_in(values, _c.c_double, "values", nc)
        prob = OutArray(_c.c_double, n_rows)
        verd = OutArray(_c.c_int32, n_rows)
        self._call("kol_audience_score", cp, nc, vp, n_rows, prob.ptr, verd.ptr)
        return prob.result(), verd.result()

    def real_ratio(self, fake_prob: Any, verdicts: Any = None) -> RealRatio:
        """The real-follower ratio of an audience from a sample's fake
        probabilities (rows with verdict unknown left out)."""
        pp, n, k1 = array_in(fake_prob, _c.c_double, "fake_prob")
        vp, m, k2 = array_in(verdicts, _c.c_int32, "verdicts", allow_none=True)
        if vp is not None and m != n:
            raise ValueError("verdicts: %d values for %d probabilities" % (m, n))
        r, lo, hi, used = _c.c_double(), _c.c_double(), _c.c_double(), _c.c_size_t()
        self._call("kol_audience_real_ratio", pp, vp, n, _c.byref(r), _c.byref(lo),
                   _c.byref(hi), _c.byref(used))
        return RealRatio(r.value, lo.value, hi.value, int(used.value))
