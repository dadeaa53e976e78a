"""KOL records (kol/record.h): text fields, metrics with a "missing" state,
audience portrait."""

from __future__ import annotations

import ctypes as _c
import math
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, OutArray, array_in, ccall, check_status,
                    int_arg, mapping_arg, num_arg, text_in, text_out, unknown_name)

__all__ = ["Record", "Borrow", "metric_count", "metric_name", "metric_code",
           "metric_bounds", "text_name", "dimension_count", "dimension_name",
           "TEXT_FIELDS", "DIMENSIONS"]

MetricLike = Union[int, str]

#: Text field codes by name.
TEXT_FIELDS = _ffi.enum_table("kol_text", "KOL_TEXT_")
#: Portrait dimension codes by name.
DIMENSIONS = _ffi.enum_table("kol_dimension", "KOL_DIMENSION_")
_NOT_FOUND = int(_ffi.declarations().constants["KOL_STATUS_NOT_FOUND"])


def metric_count() -> int:
    """Number of metric codes the library knows (kol_metric_count())."""
    return int(_ffi.lib().kol_metric_count())


def metric_name(code: int) -> Optional[str]:
    """Name of a metric code ("followers", ...), None if unknown."""
    return text_out(ccall("kol_metric_name", code))


def metric_code(metric: MetricLike) -> int:
    """A metric given by code or name, as its code.

    Raises:
        kol.UnknownNameError: for an unknown name (a ValueError, and a
            kol.NotFoundError), its text listing the metric names.
    """
    if isinstance(metric, str):
        out = _c.c_int32()
        st = ccall("kol_metric_from_name", text_in(metric, "metric name"), _c.byref(out))
        if st == _NOT_FOUND:
            raise unknown_name("metric", metric,
                               [metric_name(c) or str(c) for c in range(metric_count())],
                               st, "kol_metric_from_name")
        check_status(st, "kol_metric_from_name(%r)" % metric)
        return out.value
    return int_arg(metric, "metric")


def metric_bounds(metric: MetricLike) -> Tuple[float, float]:
    """The closed interval a metric accepts (kol_metric_bounds())."""
    lo, hi = _c.c_double(), _c.c_double()
    st = ccall("kol_metric_bounds", metric_code(metric), _c.byref(lo), _c.byref(hi))
    check_status(st, "kol_metric_bounds")
    return lo.value, hi.value


def text_name(field: int) -> Optional[str]:
    """Name of a text field code ("id", "name", "platform", "category")."""
    return text_out(ccall("kol_text_name", field))


def dimension_count() -> int:
    """Number of portrait dimensions (kol_dimension_count())."""
    return int(_ffi.lib().kol_dimension_count())


def dimension_name(code: int) -> Optional[str]:
    """Name of a portrait dimension code."""
    return text_out(ccall("kol_dimension_name", code))


def _field(field: Union[int, str]) -> int:
    if isinstance(field, str):
        try:
            return TEXT_FIELDS[field]
        except KeyError:
            raise ValueError("kol: unknown text field %r" % field) from None
    return int_arg(field, "text field")


def _dimension(dim: Union[int, str]) -> int:
    if isinstance(dim, str):
        try:
            return DIMENSIONS[dim]
        except KeyError:
            raise ValueError("kol: unknown portrait dimension %r" % dim) from None
    return int_arg(dim, "portrait dimension")


class Borrow:
    """Validity token of borrowed views (records owned by a roster, or
    handed to a callback): invalidated when the owner changes."""

    __slots__ = ("valid", "owner")

    def __init__(self, owner: Any = None) -> None:
        self.valid = True
        self.owner = owner


class Record(Handle):
    """A KOL record (``kol_record``).

    Made empty, or from keyword arguments::

        rec = kol.Record(ctx, "kol-1", platform="douyin",
                         metrics={"followers": 12000, "avg_likes": 800})

    A record obtained from a roster (or handed to a callback) is a borrowed
    view: it is valid until the roster next changes, and using it later
    raises ValueError; :meth:`clone` makes an owned copy. A view of a
    record the roster owns (``roster[i]``, :meth:`kol.Roster.__getitem__`,
    iteration, :meth:`kol.Roster.find`, the predicate of
    :meth:`kol.Roster.remove_if`, a custom value metric) is read-only:
    its setters raise TypeError, since a change would bypass the
    roster's id index. Only the record handed to a
    :meth:`kol.Roster.fill` source can be written. A view belongs to the
    record's context (for a custom metric, that of the roster or record
    scored, which may be another than the model's), and so does its
    :meth:`clone`.

    Args:
        ctx: the context.
        id, name, platform, category: text fields to set.
        metrics: metric name or code -> value.
        portrait: dimension name or code -> {label: weight}.
    """

    _free = "kol_record_free"

    def __init__(self, ctx: Context, id: Optional[str] = None, *,
                 name: Optional[str] = None, platform: Optional[str] = None,
                 category: Optional[str] = None,
                 metrics: Optional[Mapping[MetricLike, float]] = None,
                 portrait: Optional[Mapping[Union[int, str], Mapping[str, float]]] = None) -> None:
        self._borrow: Optional[Borrow] = None
        self._new(ctx, "kol_record_new")
        for field, value in (("id", id), ("name", name), ("platform", platform),
                             ("category", category)):
            if value is not None:
                self.set_text(field, value)
        if metrics is not None and mapping_arg(metrics, "metrics", "metric: value"):
            self.set_metrics(metrics)
        if portrait is not None:
            for dim, shares in mapping_arg(portrait, "portrait",
                                           "dimension: {label: weight}").items():
                self.set_portrait(dim, shares)

    @classmethod
    def _view(cls, ctx: Context, ptr: int, token: Borrow,
              readonly: bool = True) -> "Record":
        rec = cls.__new__(cls)
        rec.ctx = ctx
        rec._ptr = ptr
        rec._borrow = token
        rec._readonly = readonly
        return rec

    @property
    def readonly(self) -> bool:
        """True for a view of a record that its roster owns (or that a
        callback receives as ``const``): its setters raise TypeError."""
        return getattr(self, "_readonly", False)

    def _set(self, function: str, *args: Any) -> None:
        if self.readonly:
            raise TypeError("kol: %s: this record belongs to a roster and is "
                            "read-only (use clone() for a copy to change)" % function)
        self._call(function, *args)

    @property
    def ptr(self) -> int:
        """The ``kol_record *`` address (ValueError once closed or stale)."""
        if self._borrow is not None and not self._borrow.valid:
            raise ValueError("kol: this record view is no longer valid (its roster "
                             "changed or the callback returned); use clone()")
        return super().ptr

    @property
    def borrowed(self) -> bool:
        """True for a view owned by a roster or a callback."""
        return self._borrow is not None

    def close(self) -> None:
        """Free an owned record; forget a borrowed view."""
        if self._borrow is not None:
            self._ptr = None
            return
        super().close()

    def clone(self) -> "Record":
        """An independent owned copy (kol_record_clone())."""
        rec = Record.__new__(Record)
        rec._borrow = None
        out = _c.c_void_p()
        self.ctx.call("kol_record_clone", self.ptr, _c.byref(out))
        rec._adopt(self.ctx, out.value)
        return rec

    # -- text ------------------------------------------------------------
    def set_text(self, field: Union[int, str], value: Optional[str]) -> None:
        """Set (or clear with None) a text field ("id", "name", "platform",
        "category" or its code)."""
        self._set("kol_record_set_text", _field(field), text_in(value, "text field %r" % field))

    def text(self, field: Union[int, str]) -> Optional[str]:
        """A text field, or None when not set."""
        return text_out(ccall("kol_record_text", self.ptr, _field(field)))

    id = property(lambda self: self.text(0), lambda self, v: self.set_text(0, v),
                  doc="The record's id (None when not set).")
    name = property(lambda self: self.text(1), lambda self, v: self.set_text(1, v),
                    doc="Display name.")
    platform = property(lambda self: self.text(2), lambda self, v: self.set_text(2, v),
                        doc="Platform.")
    category = property(lambda self: self.text(3), lambda self, v: self.set_text(3, v),
                        doc="Content category.")

    # -- metrics ---------------------------------------------------------
    def set_metric(self, metric: MetricLike, value: float) -> None:
        """Set one metric (by name or code)."""
        code = metric_code(metric)
        self._set("kol_record_set_metric", code, num_arg(value, metric_name(code) or "value"))

    def set_metrics(self, metrics: Mapping[MetricLike, float]) -> None:
        """Set several metrics, all or nothing (kol_record_set_metrics())."""
        mapping_arg(metrics, "metrics", "metric: value")
        codes = [metric_code(k) for k in metrics]
        values = [num_arg(v, "metrics[%r]" % k) for k, v in metrics.items()]
        cp, n, keep1 = array_in(codes, _c.c_int32, "metrics")
        vp, _, keep2 = array_in(values, _c.c_double, "values")
        self._set("kol_record_set_metrics", cp, vp, n)

    def clear_metric(self, metric: MetricLike) -> None:
        """Make a metric missing again."""
        self._set("kol_record_clear_metric", metric_code(metric))

    def has_metric(self, metric: MetricLike) -> bool:
        """Whether a metric is set."""
        return bool(ccall("kol_record_has_metric", self.ptr, metric_code(metric)))

    def get_metric(self, metric: MetricLike, default: Any = ...) -> Any:
        """Read a metric.

        Raises:
            kol.NotFoundError: when missing and no @p default is given.
        """
        out = _c.c_double()
        code = metric_code(metric)
        if default is not ... and not self.has_metric(code):
            return default
        self._call("kol_record_get_metric", code, _c.byref(out))
        return out.value

    def metrics(self) -> Dict[str, float]:
        """Every metric that is set, by name (kol_record_get_metrics())."""
        n = metric_count()
        codes, cn, keep = array_in(list(range(n)), _c.c_int32, "metrics")
        out = OutArray(_c.c_double, n)
        self._call("kol_record_get_metrics", codes, out.ptr, cn)
        values = list(out.result())
        return {metric_name(i) or str(i): float(v) for i, v in enumerate(values)
                if not math.isnan(v)}

    def __getitem__(self, metric: MetricLike) -> float:
        return self.get_metric(metric)

    def __setitem__(self, metric: MetricLike, value: float) -> None:
        self.set_metric(metric, value)

    def __contains__(self, metric: MetricLike) -> bool:
        return self.has_metric(metric)

    # -- portrait --------------------------------------------------------
    def set_portrait(self, dimension: Union[int, str], shares: Mapping[str, float]) -> None:
        """Set (replace) one portrait dimension from {label: weight}; an
        empty mapping clears it. Weights are normalized by the library."""
        mapping_arg(shares, "shares", "label: weight")
        labels = [text_in(k, "label") for k in shares]
        arr = (_c.c_char_p * max(len(labels), 1))(*labels)
        wp, n, keep = array_in([num_arg(v, "shares[%r]" % k) for k, v in shares.items()],
                               _c.c_double, "shares")
        self._set("kol_record_set_portrait", _dimension(dimension),
                   arr if labels else None, wp if labels else None, n)

    def portrait(self, dimension: Union[int, str]) -> Dict[str, float]:
        """One portrait dimension as {label: normalized share} ({} when
        unset)."""
        dim = _dimension(dimension)
        n = ccall("kol_record_portrait_size", self.ptr, dim)
        out: Dict[str, float] = {}
        label, share = _c.c_char_p(), _c.c_double()
        for i in range(n):
            self._call("kol_record_portrait_at", dim, i, _c.byref(label), _c.byref(share))
            out[text_out(label.value) or ""] = share.value
        return out

    def portrait_share(self, dimension: Union[int, str], label: str) -> float:
        """The normalized share of one label (NotFoundError when absent)."""
        share = _c.c_double()
        self._call("kol_record_portrait_share", _dimension(dimension),
                   text_in(label, "label"), _c.byref(share))
        return share.value

    def __repr__(self) -> str:
        if self.closed or (self._borrow is not None and not self._borrow.valid):
            return "<kol.Record closed>"
        return "<kol.Record id=%r%s>" % (self.id, " (view)" if self._borrow else "")
