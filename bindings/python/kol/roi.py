"""ROI evaluation (kol/roi.h): deliveries, reports by group, intervals,
key accounts, cost outliers, incrementality."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, OutArray, _type_name, array_in, callback_result, ccall,
                    check_status, enum_code, func_arg, handle_arg, handle_array, int_arg,
                    iterable_arg, mapping_arg, num_arg, param_arg, text_in, text_out)
from .cost import CostHistory
from .sketch import Sketch
from .errors import KolError

__all__ = ["Delivery", "Roi", "RoiReport", "Incrementality", "Coverage", "KEYS", "GROUPS",
           "BASES", "field_name", "metric_name", "param_bounds"]

#: Text keys of a delivery.
KEYS: Dict[str, int] = _ffi.enum_table("kol_delivery_key", "KOL_DELIVERY_KEY_")
#: Grouping codes of reports.
GROUPS: Dict[str, int] = _ffi.enum_table("kol_roi_group", "KOL_ROI_GROUP_")
#: Basis codes.
BASES: Dict[str, int] = _ffi.enum_table("kol_roi_basis", "KOL_ROI_BASIS_")
#: Parameter codes by name.
PARAMS: Dict[str, int] = _ffi.enum_table("kol_roi_param", "KOL_ROI_PARAM_")


def field_name(code: int) -> Optional[str]:
    """Name of a delivery field code ("cost", "views", ...)."""
    return text_out(ccall("kol_delivery_field_name", code))


def key_name(code: int) -> Optional[str]:
    """Name of a delivery key code ("campaign", "kol_id", ...)."""
    return text_out(ccall("kol_delivery_key_name", code))


def metric_name(code: int) -> Optional[str]:
    """Name of a report metric code ("cpm", "roi", ...)."""
    return text_out(ccall("kol_roi_metric_name", code))


def _field(f: Union[int, str]) -> int:
    return enum_code(f, field_name, 64, "delivery field")


def _metric(m: Union[int, str]) -> int:
    return enum_code(m, metric_name, 64, "ROI metric")


def _code(table: Dict[str, int], v: Union[int, str], what: str) -> int:
    if isinstance(v, str):
        try:
            return table[v]
        except KeyError:
            raise ValueError("kol: unknown %s %r" % (what, v)) from None
    return int_arg(v, what)


def param_bounds(param: Union[int, str]) -> Tuple[float, float, float]:
    """(min, max, default) of an evaluator parameter."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    st = ccall("kol_roi_param_bounds", _code(PARAMS, param, "ROI parameter"),
               _c.byref(lo), _c.byref(hi), _c.byref(de))
    check_status(st, "kol_roi_param_bounds")
    return lo.value, hi.value, de.value


class Delivery(Handle):
    """One delivery description (``kol_delivery``), reusable.

    Args:
        ctx: the context.
        **fields: keys ("kol_id", "campaign", ...) and numeric fields
            ("cost", "views", "restored_views", ...) to set.
    """

    _free = "kol_delivery_free"

    def __init__(self, ctx: Context, **fields: Any) -> None:
        self._new(ctx, "kol_delivery_new")
        self.update(fields)

    def update(self, fields: Mapping[str, Any]) -> None:
        """Set keys (str values) and numeric fields (numbers) by name."""
        for k, v in mapping_arg(fields, "fields", "name: value").items():
            if k in KEYS:
                self.set_key(k, v)
            else:
                self.set(k, v)

    def set_key(self, key: Union[int, str], value: Optional[str]) -> None:
        """Set (or clear with None) a text key."""
        self._call("kol_delivery_set_key", _code(KEYS, key, "delivery key"),
                   text_in(value, "delivery key %s" % key))

    def set(self, field: Union[int, str], value: float) -> None:
        """Set a numeric field to a number (TypeError naming the field for
        anything else, text included)."""
        code = _field(field)
        self._call("kol_delivery_set", code, num_arg(value, field_name(code) or str(field)))

    def clear(self, field: Union[int, str]) -> None:
        """Make a field missing again."""
        self._call("kol_delivery_clear", _field(field))

    def reset(self) -> None:
        """Clear every key and field."""
        _ffi.lib().kol_delivery_reset(self.ptr)

    def check(self) -> None:
        """Check the delivery as :meth:`Roi.add` will (kol_delivery_check()):
        raise the error it would raise (NotFoundError for a missing kol_id
        or cost, DomainError for a restored count above its reported
        count), so that a source can drop such a delivery before a fill,
        which is all or nothing."""
        self._call("kol_delivery_check")


class Incrementality(NamedTuple):
    """Incremental outcome against a baseline, with intervals."""
    incremental: float
    low: float
    high: float
    roi: float
    roi_low: float
    roi_high: float
    roi_defined: bool


class Coverage(NamedTuple):
    """Coverage of the rows of a report, row order."""
    coverage: Any
    matched: Any
    kols: Any


class Roi(Handle):
    """An ROI evaluator (``kol_roi``): deliveries and parameters."""

    _free = "kol_roi_free"

    def __init__(self, ctx: Context, deliveries: Iterable[Mapping[str, Any]] = ()) -> None:
        items = list(iterable_arg(deliveries, "deliveries", "an iterable of delivery dicts"))
        for i, d in enumerate(items):  # before the evaluator is made
            if d is not None and not isinstance(d, Mapping):
                raise TypeError("deliveries[%d]: a delivery dict expected, got %s (None skips "
                                "one)" % (i, _type_name(d)))
        self._new(ctx, "kol_roi_new")
        if items:
            self.fill(items)

    def __len__(self) -> int:
        return int(_ffi.lib().kol_roi_size(self.ptr))

    def set_param(self, param: Union[int, str], value: float) -> None:
        """Set a parameter ("confidence", "bootstrap", "seed", ...) to a
        number (TypeError naming the parameter for anything else, text
        included)."""
        code = _code(PARAMS, param, "ROI parameter")
        self._call("kol_roi_set_param", code, param_arg(PARAMS, code, value))

    def get_param(self, param: Union[int, str]) -> float:
        """Read a parameter."""
        out = _c.c_double()
        self._call("kol_roi_get_param", _code(PARAMS, param, "ROI parameter"), _c.byref(out))
        return out.value

    def add(self, delivery: Union[Delivery, Mapping[str, Any]]) -> None:
        """Add a delivery (a :class:`Delivery` or a dict of its fields;
        TypeError for anything else)."""
        if not isinstance(delivery, Mapping):
            self._call("kol_roi_add", handle_arg(delivery, "delivery", Delivery))
            return
        with Delivery(self.ctx, **delivery) as d:
            self._call("kol_roi_add", handle_arg(d, "delivery", Delivery))

    def fill(self, source: Iterable[Optional[Mapping[str, Any]]],
             on_reject: Optional[Callable[[int, int, str], Any]] = None) -> int:
        """Fill from an iterable of dicts (pull through kol_roi_fill(); None
        skips an item). Returns the number added.

        Without ``on_reject`` the fill is all or nothing: the first item
        the library refuses (a value out of its domain, no kol_id or cost,
        a restored count above its reported count) fails it whole. With
        it, each such item is skipped and reported as ``on_reject(index,
        status, message)`` (index: 0-based position in ``source``; the
        library's status and message, from the setter that refused a
        value or from kol_delivery_check()); a truthy return stops the
        fill, which then changes nothing and raises
        :class:`kol.CallbackError` with the code returned (an integer, or
        1: see :func:`kol._core.callback_result`) as its ``callback_code``.
        """
        it = iterable_arg(source, "source", "an iterable of delivery dicts")
        func_arg(on_reject, "on_reject")
        ctx = self.ctx
        position = [-1]

        def read(_user: Any, d_ptr: int, what: Any) -> int:
            try:
                spec = next(it)
            except StopIteration:
                what[0] = 2
                return 0
            position[0] += 1
            if spec is None:
                what[0] = 1
                return 0
            if not isinstance(spec, Mapping):
                raise TypeError("source[%d]: a delivery dict expected, got %s (None skips "
                                "one)" % (position[0], _type_name(spec)))
            view = Delivery.__new__(Delivery)
            view.ctx, view._ptr = ctx, d_ptr
            try:
                view.update(spec)
                if on_reject is not None:
                    view._call("kol_delivery_check")
            except KolError as err:
                if on_reject is None:
                    raise
                what[0] = 1
                return callback_result(on_reject(position[0], err.status, err.message))
            finally:
                view._ptr = None
            return 0
        cread = ctx.callback("kol_roi_read_fn", read)
        added = _c.c_uint64()
        self._call("kol_roi_fill", cread, None, _c.byref(added))
        return int(added.value)

    def report(self, group: Union[int, str] = "all") -> "RoiReport":
        """Compute a report grouped by "delivery", "kol", "tier",
        "platform", "campaign", "category" or "all"."""
        rep = RoiReport.__new__(RoiReport)
        out = _c.c_void_p()
        self._call("kol_roi_report_new", _code(GROUPS, group, "ROI group"), _c.byref(out))
        rep._adopt(self.ctx, out.value)
        rep.roi = self
        return rep

    def incrementality(self, baseline: Any, during: Any, cost: float) -> Incrementality:
        """Incremental revenue against a daily baseline."""
        bp, nb, k1 = array_in(baseline, _c.c_double, "baseline")
        dp, nd, k2 = array_in(during, _c.c_double, "during")
        out = (_c.c_double * 6)()
        defined = _c.c_int32()
        self._call("kol_roi_incrementality", bp, nb, dp, nd, num_arg(cost, "cost"),
                   out, _c.byref(defined))
        return Incrementality(*list(out), bool(defined.value))

    def feed_cost(self, history: CostHistory) -> int:
        """Add every delivery to a cost history; returns the number added."""
        added = _c.c_uint64()
        self._call("kol_roi_feed_cost", handle_arg(history, "history", CostHistory),
                   _c.byref(added))
        return int(added.value)


class RoiReport(Handle):
    """A computed report (``kol_roi_report``): one row per group."""

    _free = "kol_roi_report_free"

    def __len__(self) -> int:
        return int(_ffi.lib().kol_roi_report_size(self.ptr))

    def key(self, row: int) -> str:
        """The key of a row."""
        k = ccall("kol_roi_report_key", self.ptr, row)
        if k is None:
            raise IndexError("report row out of range")
        return k.decode("utf-8")

    def keys(self) -> List[str]:
        """Every row key."""
        return [self.key(i) for i in range(len(self))]

    def get(self, row: int, metric: Union[int, str], basis: Union[int, str] = "reported",
            default: Any = ...) -> Any:
        """A metric of a row. Raises NotFoundError (missing inputs) or
        StateError (zero denominator) unless @p default is given."""
        out = _c.c_double()
        st = ccall("kol_roi_report_get", self.ptr, row, _metric(metric),
                   _code(BASES, basis, "basis"), _c.byref(out))
        if st in (5, 13) and default is not ...:
            return default
        self.ctx._check_getter(st, "kol_roi_report_get")
        return out.value

    def interval(self, row: int, metric: Union[int, str],
                 basis: Union[int, str] = "reported") -> Tuple[float, float]:
        """The interval of a rate or of ROI / ROAS."""
        lo, hi = _c.c_double(), _c.c_double()
        self._call("kol_roi_report_interval", row, _metric(metric),
                   _code(BASES, basis, "basis"), _c.byref(lo), _c.byref(hi))
        return lo.value, hi.value

    def row(self, row: int, basis: Union[int, str] = "reported") -> Dict[str, Optional[float]]:
        """Every metric of a row by name (None where undefined)."""
        out: Dict[str, Optional[float]] = {}
        code = 0
        while True:
            name = metric_name(code)
            if name is None:
                break
            out[name] = self.get(row, code, basis, default=None)
            code += 1
        return out

    def rank(self, metric: Union[int, str], basis: Union[int, str] = "reported"
             ) -> Tuple[Any, Any, int]:
        """Key accounts / key content: (row order, shares, key count)."""
        n = len(self)
        order = OutArray(_c.c_uint32, n)
        share = OutArray(_c.c_double, n)
        key = _c.c_size_t()
        self._call("kol_roi_report_rank", _metric(metric), _code(BASES, basis, "basis"),
                   order.ptr, share.ptr, n, _c.byref(key))
        return order.result(), share.result(), int(key.value)

    def coverage(self, sketches: Mapping[str, Any]) -> "Coverage":
        """Coverage (unique reach) of every row (kol_roi_report_coverage()).

        Args:
            sketches: {KOL id: :class:`kol.Sketch`} of the audiences known
                (equal precision and seed; any context).

        Returns:
            per row: the estimated distinct followers of its KOLs, the KOLs
            that had a sketch, and the distinct KOLs of the row.
        """
        if not hasattr(sketches, "items"):
            raise TypeError("sketches: a mapping {KOL id: kol.Sketch} "
                            "expected, got %s" % type(sketches).__name__)
        items = list(sketches.items())
        ids = [text_in(k, "kol id") for k, _ in items]
        id_arr = (_c.c_char_p * max(len(ids), 1))(*ids)
        # the array holds the sketches until the call returns: a callback
        # (progress) may drop the caller's mapping meanwhile
        sk_arr, n = handle_array([s for _, s in items], "sketches", Sketch)
        rows = len(self)
        cov = OutArray(_c.c_double, rows)
        matched = OutArray(_c.c_uint32, rows)
        kols = OutArray(_c.c_uint32, rows)
        self._call("kol_roi_report_coverage", id_arr if n else None, sk_arr if n else None, n,
                   cov.ptr, matched.ptr, kols.ptr, max(rows, 1))
        return Coverage(cov.result(), matched.result(), kols.result())

    def outliers(self, metric: Union[int, str], basis: Union[int, str] = "reported"
                 ) -> Tuple[Any, Any, int]:
        """Cost-efficiency outliers: (scores, flags, number flagged)."""
        n = len(self)
        score = OutArray(_c.c_double, n)
        flag = OutArray(_c.c_int32, n)
        count = _c.c_size_t()
        self._call("kol_roi_report_outliers", _metric(metric), _code(BASES, basis, "basis"),
                   score.ptr, flag.ptr, n, _c.byref(count))
        return score.result(), flag.result(), int(count.value)
