"""Audience sketches (kol/sketch.h): HyperLogLog counters of distinct
follower ids, overlap, unique reach, portable bytes."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Iterable, NamedTuple, Optional, Sequence, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, OutArray, _type_name, array_in, bytes_in, ccall,
                    check_status, handle_arg, handle_array)

__all__ = ["Sketch", "Overlap", "OverlapMatrix", "union_estimate", "overlap_matrix",
           "standard_error", "DEFAULT_SEED"]

#: Default hash seed (KOL_SKETCH_DEFAULT_SEED).
DEFAULT_SEED = 0x6B6F6C686C6C3031


def param_bounds(param: int = 0) -> Tuple[float, float, float]:
    """(min, max, default) of a sketch parameter (0: the precision)."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    check_status(ccall("kol_sketch_param_bounds", param, _c.byref(lo), _c.byref(hi),
                       _c.byref(de)),
                 "kol_sketch_param_bounds")
    return lo.value, hi.value, de.value


def standard_error(precision: int) -> float:
    """Relative standard error of a sketch of precision p."""
    out = _c.c_double()
    check_status(ccall("kol_sketch_standard_error", precision, _c.byref(out)),
                 "kol_sketch_standard_error")
    return out.value


def _item_bytes(item: Any, name: str) -> bytes:
    """The bytes of one sketch item: a str as UTF-8, a bytes, bytearray
    or memoryview as its bytes. Anything else raises TypeError naming
    @p name: ``bytes(n)`` of an integer would be n zero bytes, an item
    other than the id n (and a large n a large allocation)."""
    if isinstance(item, str):
        return item.encode("utf-8")
    if isinstance(item, (bytes, bytearray, memoryview)):
        return bytes(item)
    raise TypeError("%s: str or bytes expected, got %s%s"
                    % (name, type(item).__name__,
                       " (integer ids go through add_ids())"
                       if hasattr(type(item), "__index__") else ""))


class Overlap(NamedTuple):
    """Pairwise overlap of two audiences."""
    overlap: float
    jaccard: float
    union: float


class OverlapMatrix(NamedTuple):
    """Overlaps of every pair of audiences (:func:`overlap_matrix`): two
    matrices of one row per sketch of the rows and one column per sketch
    of the columns, numpy float64 arrays of that shape when numpy is
    importable, else lists of rows of floats."""
    overlap: Any
    jaccard: Any


class Sketch(Handle):
    """A HyperLogLog sketch of distinct ids (``kol_sketch``).

    Args:
        ctx: the context.
        precision: p in [4, 18] (default 14).
        seed: hash seed (default :data:`DEFAULT_SEED`).
        ids: optional 64-bit ids to add at once.
    """

    _free = "kol_sketch_free"

    def __init__(self, ctx: Context, precision: Optional[int] = None,
                 seed: int = DEFAULT_SEED, ids: Any = None) -> None:
        if precision is None:
            precision = int(_ffi.declarations().constants["KOL_SKETCH_DEFAULT_PRECISION"])
        self._new(ctx, "kol_sketch_new", precision, seed)
        if ids is not None:
            self.add_ids(ids)

    @property
    def precision(self) -> int:
        """p: the sketch has 2^p registers."""
        return int(_ffi.lib().kol_sketch_precision(self.ptr))

    @property
    def seed(self) -> int:
        """The hash seed."""
        return int(_ffi.lib().kol_sketch_seed(self.ptr))

    def clone(self) -> "Sketch":
        """An independent copy."""
        obj = Sketch.__new__(Sketch)
        out = _c.c_void_p()
        self._call("kol_sketch_clone", _c.byref(out))
        obj._adopt(self.ctx, out.value)
        return obj

    def clear(self) -> None:
        """Forget every item."""
        self._call("kol_sketch_clear")

    def add_ids(self, ids: Any) -> None:
        """Add 64-bit ids: a numpy uint64 array (no copy) or a sequence of
        integers.

        Raises:
            TypeError: for text or bytes (str, bytes, bytearray, a
                memoryview of bytes), which would be iterated into
                characters or byte values (text and byte items go through
                :meth:`add` and :meth:`add_strings`), and for an element
                that is not an integer."""
        if isinstance(ids, (str, bytes, bytearray)) or (
                isinstance(ids, memoryview) and ids.format in ("B", "b", "c")):
            raise TypeError("ids: integers or an integer array expected, got %s (text and "
                            "byte items go through add() or add_strings())"
                            % type(ids).__name__)
        p, n, keep = array_in(ids, _c.c_uint64, "ids")
        self._call("kol_sketch_add_ids", p, n)

    def add(self, item: Union[str, bytes]) -> None:
        """Add one item given as text (str, hashed as its UTF-8 bytes) or
        bytes (bytes, bytearray, memoryview).

        Raises:
            TypeError: for anything else, an integer included (integer ids
                go through :meth:`add_ids`)."""
        data = _item_bytes(item, "item")
        self._call("kol_sketch_add_bytes", data, len(data))

    def add_strings(self, items: Iterable[Union[str, bytes]]) -> None:
        """Add many text or byte items in one call, each as :meth:`add`
        takes it (TypeError naming ``items[i]`` for another type, before
        anything is added). A single str is refused (TypeError): iterated,
        it would add each of its characters; :meth:`add` adds it whole."""
        if isinstance(items, str):
            raise TypeError("items: a sequence of str or bytes expected, got "
                            "str (add() adds one item)")
        try:
            it = iter(items)
        except TypeError:
            raise TypeError("items: a sequence of str or bytes expected, got %s"
                            % _type_name(items)) from None
        datas = [_item_bytes(i, "items[%d]" % k) for k, i in enumerate(it)]
        n = len(datas)
        ptrs = (_c.c_void_p * max(n, 1))()
        bufs = [_c.create_string_buffer(d, len(d)) if d else None for d in datas]
        for k, b in enumerate(bufs):
            ptrs[k] = _c.cast(b, _c.c_void_p).value if b is not None else None
        lens = (_c.c_size_t * max(n, 1))(*[len(d) for d in datas])
        self._call("kol_sketch_add_strings", ptrs, lens, n)

    def merge(self, other: "Sketch") -> None:
        """Merge another sketch into this one (MISMATCH -> ConflictError)."""
        self._call("kol_sketch_merge", handle_arg(other, "other", Sketch))

    def estimate(self) -> float:
        """Estimated number of distinct items."""
        out = _c.c_double()
        self._call("kol_sketch_estimate", _c.byref(out))
        return out.value

    def __len__(self) -> int:
        return int(round(self.estimate()))

    def overlap(self, other: "Sketch") -> Overlap:
        """Overlap, Jaccard index and union size with another sketch."""
        o, j, u = _c.c_double(), _c.c_double(), _c.c_double()
        self._call("kol_sketch_overlap", handle_arg(other, "other", Sketch), _c.byref(o),
                   _c.byref(j), _c.byref(u))
        return Overlap(o.value, j.value, u.value)

    def serialize(self) -> bytes:
        """The portable byte form."""
        size = _c.c_size_t()
        self._call("kol_sketch_serialized_size", _c.byref(size))
        buf = (_c.c_uint8 * max(size.value, 1))()
        written = _c.c_size_t()
        self._call("kol_sketch_serialize", buf, size.value, _c.byref(written))
        return bytes(buf[:written.value])

    @classmethod
    def deserialize(cls, ctx: Context, data: Any) -> "Sketch":
        """Read a sketch from a bytes-like object (bytes, bytearray,
        memoryview, any buffer; DataError when corrupt, TypeError for
        anything else)."""
        data = bytes_in(data, "data")
        obj = cls.__new__(cls)
        buf = (_c.c_uint8 * max(len(data), 1)).from_buffer_copy(data.ljust(1, b"\0"))
        obj._new(ctx, "kol_sketch_deserialize", buf, len(data))
        return obj


def union_estimate(sketches: Sequence[Sketch]) -> float:
    """Unique reach of several sketches (overlap counted once).

    Raises:
        TypeError: naming ``sketches`` for anything but a sequence of
            :class:`Sketch` (``sketches[i]`` for an item of another class)."""
    arr, n = handle_array(sketches, "sketches", Sketch)
    if not n:
        return 0.0
    sketches = arr._kol_pins  # type: ignore[attr-defined]
    out = _c.c_double()
    sketches[0].ctx.call("kol_sketch_union_estimate", arr, n, _c.byref(out))
    return out.value


def overlap_matrix(sketches: Sequence[Sketch],
                   cols: Optional[Sequence[Sketch]] = None) -> OverlapMatrix:
    """Overlaps and Jaccard indices of every pair of audiences
    (kol_sketch_overlap_matrix()), each audience estimated once.

    Entry ``[i][j]`` is what ``sketches[i].overlap(cols[j])`` gives for
    ``overlap`` and ``jaccard``, bit for bit. Without ``cols``, the pairs of
    ``sketches`` with each other: the matrices are square and symmetric,
    each pair's union computed once, and the diagonal holds each
    audience's estimate and a Jaccard index of 1 (0 for an empty sketch).

    Args:
        sketches: the rows, :class:`Sketch` objects of equal precision and
            seed (any context).
        cols: the columns (of the precision and seed of the rows); None
            for the rows themselves.

    Returns:
        :class:`OverlapMatrix` of two len(sketches) by len(cols) matrices:
        numpy float64 arrays when numpy is importable, else lists of rows
        of floats. An empty list gives empty matrices.

    Raises:
        TypeError: naming ``sketches`` (or ``cols``) for anything but a
            sequence of :class:`Sketch` (``sketches[i]`` for an item of
            another class).
        ConflictError: for a precision or seed that differs from the
            first sketch's (the message names the sketch).
        CancelledError: when the progress callback of the first sketch's
            context cancels the call."""
    arr, n = handle_array(sketches, "sketches", Sketch)
    if cols is None or cols is sketches:
        # the same array: the library computes each pair once
        col_arr, m = arr, n
    else:
        col_arr, m = handle_array(cols, "cols", Sketch)
    ov = OutArray(_c.c_double, n * m)
    jac = OutArray(_c.c_double, n * m)
    if n and m:
        # the arrays hold the sketches until the call returns
        rows = arr._kol_pins  # type: ignore[attr-defined]
        rows[0].ctx.call("kol_sketch_overlap_matrix", arr, n, col_arr, m, ov.ptr, jac.ptr)
    return OverlapMatrix(ov.result((n, m)), jac.result((n, m)))
