"""Cost history (kol/cost.h): quantile summaries of CPM, CPE, CPA and price
by platform, tier and category; fair price range of a quote."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Dict, NamedTuple, Optional, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, bytes_in, ccall, enum_code, handle_arg, num_arg, text_in,
                    text_out)

__all__ = ["CostHistory", "Quote", "MEASURES", "measure_name"]

#: Measure codes by name.
MEASURES: Dict[str, int] = _ffi.enum_table("kol_cost_measure", "KOL_COST_MEASURE_")


def measure_name(code: int) -> Optional[str]:
    """Name of a measure code (kol_cost_measure_name())."""
    return text_out(ccall("kol_cost_measure_name", code))


def _measure(m: Union[int, str]) -> int:
    return enum_code(m, measure_name, 16, "cost measure")


def _cell(platform: str, tier: str, category: Optional[str]) -> Tuple[Optional[bytes], ...]:
    """The text keys of a cell."""
    return (text_in(platform, "platform"), text_in(tier, "tier"),
            text_in(category, "category"))


class Quote(NamedTuple):
    """Judgement of a quote: its percentile rank in [0, 1] (high:
    expensive), the fair range and the basis ("cpm" or "price")."""
    percentile: float
    low: float
    mid: float
    high: float
    basis: str


class CostHistory(Handle):
    """Cost benchmarks from past deliveries (``kol_cost_history``).

    Args:
        ctx: the context.
        alpha: relative accuracy of every summary (default 0.01).
    """

    _free = "kol_cost_history_free"

    def __init__(self, ctx: Context, alpha: Optional[float] = None) -> None:
        if alpha is None:
            alpha = float(_ffi.declarations().constants["KOL_COST_ALPHA_DEFAULT"])
        self._new(ctx, "kol_cost_history_new", num_arg(alpha, "alpha"))

    @property
    def alpha(self) -> float:
        """The relative accuracy."""
        return float(_ffi.lib().kol_cost_history_alpha(self.ptr))

    @property
    def cells(self) -> int:
        """Number of (platform, tier, category) cells."""
        return int(_ffi.lib().kol_cost_history_cells(self.ptr))

    def add(self, platform: str, tier: str, category: Optional[str], cost: float,
            exposure: float = 0.0, engagements: float = 0.0, orders: float = 0.0) -> None:
        """Add one past delivery (kol_cost_history_add())."""
        self._call("kol_cost_history_add", *_cell(platform, tier, category),
                   num_arg(cost, "cost"), num_arg(exposure, "exposure"),
                   num_arg(engagements, "engagements"), num_arg(orders, "orders"))

    def merge(self, other: "CostHistory") -> None:
        """Merge another history into this one (exact)."""
        self._call("kol_cost_history_merge", handle_arg(other, "other", CostHistory))

    def count(self, platform: str, tier: str, category: Optional[str],
              measure: Union[int, str]) -> int:
        """Number of values of a summary (category None: all pooled; "": the
        deliveries added without a category)."""
        out = _c.c_uint64()
        self._call("kol_cost_history_count", *_cell(platform, tier, category),
                   _measure(measure), _c.byref(out))
        return int(out.value)

    def quantile(self, platform: str, tier: str, category: Optional[str],
                 measure: Union[int, str], q: float) -> float:
        """A quantile of a summary (StateError when it is empty)."""
        out = _c.c_double()
        self._call("kol_cost_history_quantile", *_cell(platform, tier, category),
                   _measure(measure), num_arg(q, "q"), _c.byref(out))
        return out.value

    def percentile(self, platform: str, tier: str, category: Optional[str],
                   measure: Union[int, str], value: float) -> float:
        """The percentile rank of a value in a summary, in [0, 1]."""
        out = _c.c_double()
        self._call("kol_cost_history_percentile", *_cell(platform, tier, category),
                   _measure(measure), num_arg(value, "value"), _c.byref(out))
        return out.value

    def quote(self, platform: str, tier: str, category: Optional[str], quote: float,
              exposure: float = 0.0, q_low: float = 0.25, q_high: float = 0.75) -> Quote:
        """Judge a quote against the history (kol_cost_history_quote())."""
        p, lo, mid, hi = (_c.c_double() for _ in range(4))
        basis = _c.c_int32()
        self._call("kol_cost_history_quote", *_cell(platform, tier, category),
                   num_arg(quote, "quote"), num_arg(exposure, "exposure"),
                   num_arg(q_low, "q_low"), num_arg(q_high, "q_high"),
                   _c.byref(p), _c.byref(lo), _c.byref(mid), _c.byref(hi), _c.byref(basis))
        return Quote(p.value, lo.value, mid.value, hi.value,
                     "cpm" if basis.value == 0 else "price")

    def serialize(self) -> bytes:
        """The portable byte form (kol_cost_history_serialize())."""
        needed = _c.c_size_t()
        self._call("kol_cost_history_serialize", None, 0, _c.byref(needed))
        buf = (_c.c_uint8 * max(needed.value, 1))()
        self._call("kol_cost_history_serialize", buf, needed.value, _c.byref(needed))
        return bytes(buf[:needed.value])

    @classmethod
    def deserialize(cls, ctx: Context, data: Any) -> "CostHistory":
        """Read a serialized history from a bytes-like object (bytes,
        bytearray, memoryview, any buffer; DataError for corrupt bytes,
        TypeError for anything else)."""
        data = bytes_in(data, "data")
        obj = cls.__new__(cls)
        buf = (_c.c_uint8 * max(len(data), 1)).from_buffer_copy(data.ljust(1, b"\0"))
        obj._new(ctx, "kol_cost_history_deserialize", buf, len(data))
        return obj
