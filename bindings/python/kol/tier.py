"""Tiering (kol/tier.h): follower ladders, KOC rule, lifecycle stage,
tiers by cohort quantiles."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, OutArray, array_in, ccall, check_status, handle_arg,
                    int_arg, param_arg, text_in, text_out)
from .record import Record

__all__ = ["Tiers", "tier_by_quantiles", "SCHEMES", "PARAMS", "stage_name",
           "koc_name", "param_bounds"]

SCHEMES: Dict[str, int] = _ffi.enum_table("kol_tier_scheme", "KOL_TIER_SCHEME_")
PARAMS: Dict[str, int] = _ffi.enum_table("kol_tier_param", "KOL_TIER_PARAM_")


def _code(table: Dict[str, int], v: Union[int, str], what: str) -> int:
    if isinstance(v, str):
        try:
            return table[v]
        except KeyError:
            raise ValueError("kol: unknown %s %r" % (what, v)) from None
    return int_arg(v, what)


def stage_name(code: int) -> Optional[str]:
    """Name of a lifecycle stage code."""
    return text_out(ccall("kol_stage_name", code))


def koc_name(code: int) -> Optional[str]:
    """Name of a KOC verdict code ("no", "yes", "unknown")."""
    return text_out(ccall("kol_koc_name", code))


def param_bounds(param: Union[int, str]) -> Tuple[float, float, float]:
    """(min, max, default) of a tiering parameter."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    check_status(ccall("kol_tier_param_bounds", _code(PARAMS, param, "tier parameter"),
                       _c.byref(lo), _c.byref(hi), _c.byref(de)),
                 "kol_tier_param_bounds")
    return lo.value, hi.value, de.value


class Tiers(Handle):
    """A tiering scheme (``kol_tiers``).

    Args:
        ctx: the context.
        scheme: "cn" (koc, tail, waist, shoulder, head) or "intl"
            (sub-nano to mega), or its code.
    """

    _free = "kol_tiers_free"

    def __init__(self, ctx: Context, scheme: Union[int, str] = "cn") -> None:
        self._new(ctx, "kol_tiers_new", _code(SCHEMES, scheme, "tier scheme"))

    def set_param(self, param: Union[int, str], value: float) -> None:
        """Set a rule parameter to a number (TypeError naming the parameter
        for anything else, text included)."""
        code = _code(PARAMS, param, "tier parameter")
        self._call("kol_tiers_set_param", code, param_arg(PARAMS, code, value))

    def get_param(self, param: Union[int, str]) -> float:
        """Read a rule parameter."""
        out = _c.c_double()
        self._call("kol_tiers_get_param", _code(PARAMS, param, "tier parameter"), _c.byref(out))
        return out.value

    @property
    def levels(self) -> List[str]:
        """Level names, lowest first."""
        L = _ffi.lib()
        return [text_out(L.kol_tiers_level_name(self.ptr, i)) or str(i)
                for i in range(int(L.kol_tiers_level_count(self.ptr)))]

    @property
    def platforms(self) -> List[str]:
        """Platforms with a ladder of their own: the scheme's presets, then
        the platforms given one with set_ladder(), in lower case."""
        L = _ffi.lib()
        return [text_out(L.kol_tiers_platform(self.ptr, i)) or ""
                for i in range(int(L.kol_tiers_platform_count(self.ptr)))]

    def set_ladder(self, platform: Optional[str], thresholds: Sequence[float]) -> None:
        """Replace the ladder of a platform (None: the generic ladder)."""
        p, n, keep = array_in(thresholds, _c.c_double, "thresholds")
        self._call("kol_tiers_set_ladder", text_in(platform, "platform"), p, n)

    def ladder(self, platform: Optional[str] = None) -> List[float]:
        """The thresholds used for a platform."""
        n = max(len(self.levels) - 1, 1)
        out = (_c.c_double * n)()
        self._call("kol_tiers_ladder", text_in(platform, "platform"), out, n)
        return list(out)

    def classify(self, rec: Record) -> int:
        """Tier level of a record (NotFoundError when followers missing)."""
        out = _c.c_int32()
        self._call("kol_tiers_classify", handle_arg(rec, "rec", Record), _c.byref(out))
        return out.value

    def level_name(self, level: int) -> Optional[str]:
        """Name of a level."""
        return text_out(ccall("kol_tiers_level_name", self.ptr, level))

    def classify_followers(self, followers: Any, platform: Optional[str] = None) -> Any:
        """Tier levels of many follower counts (batch; NaN -> -1)."""
        p, n, keep = array_in(followers, _c.c_double, "followers")
        out = OutArray(_c.c_int32, n)
        self._call("kol_tiers_classify_followers", text_in(platform, "platform"), p, n, out.ptr)
        return out.result()

    def koc(self, rec: Record) -> str:
        """The KOC verdict of a record: "yes", "no" or "unknown"."""
        out = _c.c_int32()
        self._call("kol_tiers_koc", handle_arg(rec, "rec", Record), _c.byref(out))
        return koc_name(out.value) or str(out.value)

    def stage(self, rec: Record) -> str:
        """The lifecycle stage of a record ("introduced", "growing", ...)."""
        out = _c.c_int32()
        self._call("kol_tiers_stage", handle_arg(rec, "rec", Record), _c.byref(out))
        return stage_name(out.value) or str(out.value)


def tier_by_quantiles(ctx: Context, scores: Any, probs: Sequence[float]) -> Any:
    """Levels of a cohort's scores by quantile cut points
    (kol_tier_by_quantiles())."""
    cp = handle_arg(ctx, "ctx", Context)
    sp, n, k1 = array_in(scores, _c.c_double, "scores")
    pp, m, k2 = array_in(probs, _c.c_double, "probs")
    out = OutArray(_c.c_int32, n)
    ctx.call("kol_tier_by_quantiles", cp, sp, n, pp, m, out.ptr)
    return out.result()
