"""Rosters (kol/roster.h): collections of records, filled by push
(:meth:`Roster.add`) or pull (:meth:`Roster.fill` with a Python iterable or
callback)."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Union

from . import _ffi
from ._core import (Context, Handle, _check_handle, _type_name, ccall, func_arg, handle_arg,
                    int_arg, iterable_arg, mapping_arg, text_in)
from .record import Borrow, Record

__all__ = ["Roster", "READ_RECORD", "READ_SKIP", "READ_END"]

READ_RECORD = int(_ffi.declarations().constants["KOL_READ_RECORD"])
READ_SKIP = int(_ffi.declarations().constants["KOL_READ_SKIP"])
READ_END = int(_ffi.declarations().constants["KOL_READ_END"])

#: What a fill source may yield: a dict of record fields, or None to skip.
RecordSpec = Optional[Mapping[str, Any]]


def _fill_record(rec: Record, spec: Mapping[str, Any], index: int) -> None:
    if not isinstance(spec, Mapping):
        raise TypeError("source[%d]: a dict of record fields expected, got %s (None skips "
                        "one)" % (index, _type_name(spec)))
    for key, value in spec.items():
        if key in ("id", "name", "platform", "category"):
            rec.set_text(key, value)
        elif key == "metrics":
            rec.set_metrics(value)
        elif key == "portrait":
            for dim, shares in mapping_arg(value, "portrait",
                                           "dimension: {label: weight}").items():
                rec.set_portrait(dim, shares)
        else:
            rec.set_metric(key, value)


class Roster(Handle):
    """A roster of records (``kol_roster``), in insertion order, with
    lookup by id.

    Records read back (``roster[i]``, ``roster.find(id)``, iteration) are
    borrowed views, valid until the roster next changes.
    """

    _free = "kol_roster_free"
    _copy_hint = "kol.Roster(roster.ctx, roster) makes a new roster of copies of its records"

    def __init__(self, ctx: Context, records: Iterable[Record] = ()) -> None:
        records = list(iterable_arg(records, "records", "a sequence of kol.Record"))
        for i, rec in enumerate(records):  # before the roster is made
            _check_handle(rec, "records[%d]" % i, Record)
        self._new(ctx, "kol_roster_new")
        self._token = Borrow(self)
        for rec in records:
            self.add(rec)

    def _changed(self) -> None:
        self._token.valid = False
        self._token = Borrow(self)

    def close(self) -> None:
        if not self.closed:
            self._check_closable()
            self._changed()
        super().close()

    def add(self, rec: Record) -> None:
        """Add a copy of a record (it needs an id)."""
        self._call("kol_roster_add", handle_arg(rec, "rec", Record))
        self._changed()

    def fill(self, source: Union[Iterable[RecordSpec], Callable[[Record], Any]],
             on_reject: Optional[Callable[[int, int, str], Any]] = None) -> int:
        """Fill from a host source (pull), all or nothing (kol_roster_fill()).

        Args:
            source: either an iterable of dicts (``{"id": ..., "platform":
                ..., "followers": ..., "metrics": {...}, "portrait":
                {...}}``; None skips an item), or a function called with an
                empty borrowed :class:`Record` to fill, returning
                ``READ_RECORD`` (or None), ``READ_SKIP`` or ``READ_END``.
            on_reject: called as ``on_reject(index, status, message)`` for
                a record the roster refuses (no id, duplicate id); a truthy
                return stops the fill. Without it a refused record fails
                the fill.

        Returns:
            the number of records added.

        Raises:
            Whatever the source or on_reject raised (the roster unchanged),
            or the :class:`kol.KolError` of the fill.
        """
        func_arg(on_reject, "on_reject")
        if callable(source) and not hasattr(source, "__iter__"):
            fn = source

            def read(_user: Any, rec_ptr: int, what: Any) -> int:
                token = Borrow()
                try:
                    r = fn(Record._view(self.ctx, rec_ptr, token, readonly=False))
                finally:
                    token.valid = False
                what[0] = (READ_RECORD if r is None
                           else int_arg(r, "fill source result", _c.c_int32))
                return 0
        else:
            it: Iterator[RecordSpec] = iterable_arg(
                source, "source", "an iterable of record dicts or a function")
            taken = [0]

            def read(_user: Any, rec_ptr: int, what: Any) -> int:
                try:
                    spec = next(it)
                except StopIteration:
                    what[0] = READ_END
                    return 0
                taken[0] += 1
                if spec is None:
                    what[0] = READ_SKIP
                    return 0
                token = Borrow()
                try:
                    _fill_record(Record._view(self.ctx, rec_ptr, token, readonly=False), spec,
                                 taken[0] - 1)
                finally:
                    token.valid = False
                return 0
        cread = self.ctx.callback("kol_roster_read_fn", read,
                                  lambda f, user, rec, what: f(user, rec, what))
        creject = None
        if on_reject is not None:
            creject = self.ctx.callback(
                "kol_roster_reject_fn", on_reject,
                lambda f, _u, index, status, msg: f(int(index), int(status),
                                                    (msg or b"").decode("utf-8", "replace")))
        added = _c.c_uint64()
        try:
            self._call("kol_roster_fill", cread, creject, None, _c.byref(added))
        finally:
            self._changed()
        return int(added.value)

    def __len__(self) -> int:
        from . import _ffi
        return int(_ffi.lib().kol_roster_size(self.ptr))

    def __getitem__(self, index: int) -> Record:
        index = int_arg(index, "index")
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("roster index out of range")
        out = _c.c_void_p()
        self._call("kol_roster_at", index, _c.byref(out))
        return Record._view(self.ctx, out.value, self._token)

    def __iter__(self) -> Iterator[Record]:
        for i in range(len(self)):
            yield self[i]

    def find(self, id: str) -> Optional[Record]:
        """The record with this id (a borrowed view), or None."""
        out = _c.c_void_p()
        from . import _ffi
        st = ccall("kol_roster_find", self.ptr, text_in(id, "id"), _c.byref(out))
        if st == 6:  # KOL_STATUS_NOT_FOUND
            return None
        self.ctx._check_getter(st, "kol_roster_find")
        return Record._view(self.ctx, out.value, self._token)

    def __contains__(self, id: str) -> bool:
        return self.find(id) is not None

    def remove(self, id: str) -> None:
        """Remove the record with this id (NotFoundError when absent)."""
        self._call("kol_roster_remove", text_in(id, "id"))
        self._changed()

    def remove_if(self, predicate: Callable[[Record], Any]) -> int:
        """Remove every record for which ``predicate(record)`` is true, in
        one pass, all or nothing (kol_roster_remove_if()); the records
        kept stay in their order.

        Args:
            predicate: called once per record, in order, with a borrowed
                :class:`Record` valid during the call only.

        Returns:
            the number of records removed.

        Raises:
            Whatever the predicate raised (the roster unchanged), or the
            :class:`kol.KolError` of the call.
        """
        func_arg(predicate, "predicate", allow_none=False)

        def select(_user: Any, _index: int, rec_ptr: int, remove: Any) -> int:
            token = Borrow()
            try:
                remove[0] = 1 if predicate(Record._view(self.ctx, rec_ptr, token)) else 0
            finally:
                token.valid = False
            return 0
        cselect = self.ctx.callback("kol_roster_select_fn", select,
                                    lambda f, user, index, rec, remove:
                                    f(user, index, rec, remove))
        removed = _c.c_uint64()
        try:
            self._call("kol_roster_remove_if", cselect, None, _c.byref(removed))
        finally:
            self._changed()
        return int(removed.value)

    def ids(self) -> List[Optional[str]]:
        """Every id, in insertion order."""
        return [rec.id for rec in self]
