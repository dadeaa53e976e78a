"""Streaming traffic monitor (kol/traffic.h): false-traffic detection and
restored organic figures, slot by slot."""

from __future__ import annotations

import ctypes as _c
from typing import (Any, Callable, Dict, Iterable, Iterator, List, NamedTuple,
                    Optional, Sequence, Tuple, Union)

from . import _ffi
from ._core import (Context, Handle, _np, _type_name, array_in, ccall, check_status,
                    func_arg, int_arg, is_row, iterable_arg, param_arg, rows_in, text_in,
                    unknown_name)

__all__ = ["Traffic", "SlotResult", "SlotBlock", "Interval", "IntervalCount", "Totals",
           "CHANNELS", "PARAMS", "REASONS", "reason_names", "param_bounds"]

CHANNELS: Dict[str, int] = _ffi.enum_table("kol_channel", "KOL_CHANNEL_")
PARAMS: Dict[str, int] = _ffi.enum_table("kol_traffic_param", "KOL_TRAFFIC_PARAM_")
REASONS: Dict[str, int] = _ffi.enum_table("kol_traffic_reason", "KOL_TRAFFIC_REASON_")
_NOT_FOUND = int(_ffi.declarations().constants["KOL_STATUS_NOT_FOUND"])


def _code(table: Dict[str, int], v: Union[int, str], what: str) -> int:
    if isinstance(v, str):
        try:
            return table[v]
        except KeyError:
            raise ValueError("kol: unknown %s %r" % (what, v)) from None
    return int_arg(v, what)


def reason_names(bits: int) -> List[str]:
    """The names of the reason bits set in @p bits (an unsigned 32-bit
    integer: TypeError / OverflowError naming ``bits`` otherwise)."""
    bits = int_arg(bits, "bits", _c.c_uint32)
    L = _ffi.lib()
    out = []
    for k in range(32):
        if bits & (1 << k):
            name = L.kol_traffic_reason_name(1 << k)
            out.append(name.decode("utf-8") if name else "bit%d" % k)
    return out


def channel_name(code: int) -> Optional[str]:
    """Name of a channel code ("views", ...), None if unknown."""
    name = ccall("kol_channel_name", code)
    return None if name is None else name.decode("utf-8")


def channel_code(name: str) -> int:
    """The code of a channel name.

    Raises:
        kol.UnknownNameError: for an unknown name (a ValueError, and a
            kol.NotFoundError), its text listing the channel names.
    """
    out = _c.c_int32()
    st = ccall("kol_channel_from_name", text_in(name, "channel name"), _c.byref(out))
    if st == _NOT_FOUND:
        raise unknown_name("channel", name, sorted(CHANNELS, key=CHANNELS.get), st,
                           "kol_channel_from_name")
    check_status(st, "kol_channel_from_name(%r)" % name)
    return out.value


def param_bounds(param: Union[int, str]) -> Tuple[float, float, float]:
    """(min, max, default) of a monitor parameter."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    check_status(ccall("kol_traffic_param_bounds", _code(PARAMS, param, "traffic parameter"),
                       _c.byref(lo), _c.byref(hi), _c.byref(de)),
                 "kol_traffic_param_bounds")
    return lo.value, hi.value, de.value


class SlotResult(NamedTuple):
    """The result of one slot (one step of time)."""
    timestamp: int
    n_samples: int
    score: float
    reasons: int
    observed: Tuple[float, ...]
    restored: Tuple[float, ...]
    channel_reasons: Tuple[int, ...]

    @property
    def reason_names(self) -> List[str]:
        """Names of the slot's reasons."""
        return reason_names(self.reasons)


class SlotBlock(NamedTuple):
    """The results of consecutive slots, one array per field (the block
    path: :meth:`Traffic.feed_blocks`, :meth:`Traffic.finish_blocks`,
    :meth:`Traffic.run_blocks`).

    With numpy, the 1-D fields are numpy arrays (int64, uint32, float64,
    uint32) and the per-channel fields are N x C arrays (float64, float64,
    uint32), owned by the block. Without numpy they are lists, the
    per-channel fields lists of N rows of C values.
    """
    timestamps: Any
    n_samples: Any
    scores: Any
    reasons: Any
    observed: Any
    restored: Any
    channel_reasons: Any

    @property
    def size(self) -> int:
        """Number of slots in the block."""
        return len(self.timestamps)

    def results(self) -> List[SlotResult]:
        """The block as one :class:`SlotResult` per slot (equal to what the
        per-slot path gives for the same slots)."""
        obs, res, chr_ = self.observed, self.restored, self.channel_reasons
        if _np is not None and isinstance(obs, _np.ndarray):
            obs, res, chr_ = obs.tolist(), res.tolist(), chr_.tolist()
            ts, ns = self.timestamps.tolist(), self.n_samples.tolist()
            sc, rs = self.scores.tolist(), self.reasons.tolist()
        else:
            ts, ns, sc, rs = self.timestamps, self.n_samples, self.scores, self.reasons
        return [SlotResult(int(ts[i]), int(ns[i]), float(sc[i]), int(rs[i]),
                           tuple(obs[i]), tuple(res[i]), tuple(int(x) for x in chr_[i]))
                for i in range(len(ts))]


_BLOCK_DTYPES = (("timestamps", _c.c_int64), ("n_samples", _c.c_uint32),
                 ("scores", _c.c_double), ("reasons", _c.c_uint32))
_ROW_DTYPES = (("observed", _c.c_double), ("restored", _c.c_double),
               ("channel_reasons", _c.c_uint32))


def _block_from_c(n: int, nch: int, ts: Any, ns: Any, sc: Any, rs: Any, obs: Any, res: Any,
                  chr_: Any) -> SlotBlock:
    """Copy the arrays of one C block (valid during the callback only)."""
    if _np is not None:
        def vec(ptr: Any, ctype: Any, count: int) -> Any:
            out = _np.empty(count, dtype=_np.dtype(ctype))
            if count:
                _c.memmove(out.ctypes.data, ptr, count * _c.sizeof(ctype))
            return out
        m = n * nch
        return SlotBlock(vec(ts, _c.c_int64, n), vec(ns, _c.c_uint32, n),
                         vec(sc, _c.c_double, n), vec(rs, _c.c_uint32, n),
                         vec(obs, _c.c_double, m).reshape(n, nch),
                         vec(res, _c.c_double, m).reshape(n, nch),
                         vec(chr_, _c.c_uint32, m).reshape(n, nch))

    def rows(ptr: Any) -> List[List[Any]]:
        flat = ptr[:n * nch]
        return [flat[i * nch:(i + 1) * nch] for i in range(n)]
    return SlotBlock(ts[:n], ns[:n], sc[:n], rs[:n], rows(obs), rows(res), rows(chr_))


class _Collector:
    """Accumulates the blocks of one call into growing arrays (numpy:
    copied straight from the C arrays; else lists)."""

    def __init__(self, nch: int) -> None:
        self.nch = nch
        self.n = 0
        self.addrs: List[Tuple[int, int]] = []
        if _np is not None:
            self.fields = [_np.empty(128 * (nch if k >= 4 else 1), dtype=_np.dtype(ct))
                           for k, (_, ct) in enumerate(_BLOCK_DTYPES + _ROW_DTYPES)]
        else:
            self.lists: List[List[Any]] = [[] for _ in range(7)]

    def add(self, n: int, ptrs: Sequence[Any]) -> None:
        if _np is None:
            block = _block_from_c(n, self.nch, *ptrs)
            for k in range(7):
                self.lists[k].extend(block[k])
            self.n += n
            return
        need = self.n + n
        if need * self.nch > self.fields[4].size:
            grown = []
            for k, arr in enumerate(self.fields):
                width = self.nch if k >= 4 else 1
                new_arr = _np.empty(max(2 * arr.size, need * width), dtype=arr.dtype)
                new_arr[:self.n * width] = arr[:self.n * width]
                grown.append(new_arr)
            self.fields = grown
            self.addrs = []
        if not self.addrs:
            # per field: buffer address and bytes per slot
            self.addrs = [(arr.ctypes.data, arr.itemsize * (self.nch if k >= 4 else 1))
                          for k, arr in enumerate(self.fields)]
        done = self.n
        for (addr, per_slot), src in zip(self.addrs, ptrs):
            _c.memmove(addr + done * per_slot, src, n * per_slot)
        self.n = need

    def block(self) -> SlotBlock:
        if _np is None:
            return SlotBlock(*self.lists)
        n, nch = self.n, self.nch
        out = [arr[:n].copy() for arr in self.fields[:4]]
        out += [arr[:n * nch].reshape(n, nch).copy() for arr in self.fields[4:]]
        return SlotBlock(*out)


class Totals(NamedTuple):
    observed: float
    restored: float
    low: float
    high: float
    dropped: float


class Interval(NamedTuple):
    start: int
    end: int
    reasons: int
    peak: float
    inflated: Tuple[float, ...]


class IntervalCount(NamedTuple):
    """How many flagged intervals the monitor keeps (those
    :meth:`Traffic.intervals` returns) and how many there were in all,
    kept or not (the parameter "max_intervals" bounds those kept)."""
    kept: int
    total: int


EmitFn = Callable[[SlotResult], Any]
BlockFn = Callable[[SlotBlock], Any]


class Traffic(Handle):
    """A traffic monitor for one series (``kol_traffic``).

    Args:
        ctx: the context.
        channels: channel names or codes, in the order of the values of
            every row (default: views and likes).
        **params: parameters to set ("step", "cumulative", ...).
    """

    _free = "kol_traffic_free"

    def __init__(self, ctx: Context, channels: Sequence[Union[int, str]] = ("views", "likes"),
                 **params: float) -> None:
        channels = list(iterable_arg(channels, "channels",
                                     "a sequence of channel names or codes"))
        codes = [channel_code(c) if isinstance(c, str) else int_arg(c, "channels[%d]" % i)
                 for i, c in enumerate(channels)]
        p, n, keep = array_in(codes, _c.c_int32, "channels")
        self._new(ctx, "kol_traffic_new", p, n)
        self.channels: List[Union[int, str]] = list(channels)
        self.n_channels = n
        for k, v in params.items():
            self.set_param(k, v)

    def set_param(self, param: Union[int, str], value: float) -> None:
        """Set a parameter to a number (before the first sample; TypeError
        naming the parameter for anything else, text included)."""
        code = _code(PARAMS, param, "traffic parameter")
        self._call("kol_traffic_set_param", code, param_arg(PARAMS, code, value))

    def get_param(self, param: Union[int, str]) -> float:
        """Read a parameter."""
        out = _c.c_double()
        self._call("kol_traffic_get_param", _code(PARAMS, param, "traffic parameter"),
                   _c.byref(out))
        return out.value

    @property
    def delay(self) -> int:
        """Slots a result waits before it is emitted."""
        return int(_ffi.lib().kol_traffic_delay(self.ptr))

    def _emit(self, on_result: Optional[EmitFn]) -> Any:
        if func_arg(on_result, "on_result") is None:
            return None

        def adapt(f: EmitFn, _user: Any, ts: int, n_samples: int, score: float,
                  reasons: int, observed: Any, restored: Any, ch_reasons: Any,
                  n: int) -> Any:
            return f(SlotResult(int(ts), int(n_samples), float(score), int(reasons),
                                tuple(observed[i] for i in range(n)),
                                tuple(restored[i] for i in range(n)),
                                tuple(int(ch_reasons[i]) for i in range(n))))
        return self.ctx.callback("kol_traffic_emit_fn", on_result, adapt)

    def _samples(self, timestamps: Any, values: Any) -> Tuple[Any, int, Any, Any]:
        """The C arrays of samples given to :meth:`feed` and
        :meth:`feed_blocks`, checked before anything reaches the monitor:
        (timestamps address, rows, values address, what keeps the arrays
        alive)."""
        tp, n, k1 = array_in(timestamps, _c.c_int64, "timestamps")
        vp, rows, k2 = rows_in(values, _c.c_double, "values", self.n_channels)
        if rows != n:
            raise ValueError("values: %d rows for %d timestamps" % (rows, n))
        return tp, n, vp, (k1, k2)

    def feed(self, timestamps: Any, values: Any,
             on_result: Optional[EmitFn] = None) -> None:
        """Feed samples (push).

        Args:
            timestamps: N int64 timestamps (numpy int64 array: no copy).
            values: N rows of n_channels values, row-major: an N x C (or
                flat) float64 numpy array (no copy when C-contiguous,
                aligned and native-endian, else copied) or nested
                sequences of exactly n_channels values each (a ragged or
                flat sequence raises ValueError naming the row, before
                anything is fed); NaN for a channel not reported in a
                sample.
            on_result: called with each :class:`SlotResult` that becomes
                final; a truthy return (or an exception) stops the series.
        """
        tp, n, vp, keep = self._samples(timestamps, values)
        cb = self._emit(on_result)
        self._call("kol_traffic_feed", tp, vp, n, cb, None)

    def finish(self, on_result: Optional[EmitFn] = None) -> None:
        """Emit every pending result and close the series."""
        cb = self._emit(on_result)
        self._call("kol_traffic_finish", cb, None)

    def _chunk(self, timestamps: Any, rows: Any) -> List[Any]:
        """One pulled chunk as C arrays, checked and converted as
        :meth:`feed` converts its arguments (numpy arrays without copying
        when C can read them in place, sequences copied with their
        timestamps range-checked): [timestamp address, values address,
        rows, next row to read, what keeps the arrays alive]."""
        nch = self.n_channels
        is_array = isinstance(rows, _c.Array) or (_np is not None and
                                                  isinstance(rows, _np.ndarray))
        if not is_array:
            rows = list(iterable_arg(rows, "chunk values", "rows of values"))
            for i, r in enumerate(rows):
                if not is_row(r):
                    raise ValueError("chunk row %d: %s, not a row of %d values (one per "
                                     "channel)" % (i, type(r).__name__, nch))
                r = rows[i] = list(r)
                if len(r) != nch:
                    raise ValueError("chunk row %d: %d values for %d channels"
                                     % (i, len(r), nch))
        tp, n, k1 = array_in(timestamps, _c.c_int64, "chunk timestamps")
        vp, m, k2 = rows_in(rows, _c.c_double, "chunk values", nch)
        if m != n:
            raise ValueError("chunk: %d timestamps for %d rows" % (n, m))
        return [_c.cast(tp, _c.c_void_p).value, _c.cast(vp, _c.c_void_p).value, n, 0,
                (k1, k2)]

    def _reader(self, chunks: Iterable[Tuple[Any, Any]]) -> Any:
        """The kol_traffic_read_fn that pulls rows from @p chunks: each
        chunk is converted once (:meth:`_chunk`), then copied into the
        library's buffers from a read cursor, up to capacity rows a call
        (linear in the chunk size)."""
        it: Iterator[Tuple[Any, Any]] = iterable_arg(
            chunks, "chunks", "an iterable of (timestamps, rows) pairs")
        taken = [0]
        ts_size = _c.sizeof(_c.c_int64)
        row_size = self.n_channels * _c.sizeof(_c.c_double)
        cur: List[Any] = [0, 0, 0, 0, None]  # the chunk being read (see _chunk)

        def read(_user: Any, ts_buf: Any, val_buf: Any, capacity: int, count: Any) -> int:
            while cur[3] >= cur[2]:
                try:
                    chunk = next(it)
                except StopIteration:
                    count[0] = 0
                    return 0
                taken[0] += 1
                pair = tuple(chunk) if is_row(chunk) else ()
                if len(pair) != 2:
                    raise TypeError("chunks[%d]: a (timestamps, rows) pair expected, got %s"
                                    % (taken[0] - 1, _type_name(chunk)))
                ts, rows = pair
                cur[:] = self._chunk(ts, rows)
            pos = cur[3]
            k = min(capacity, cur[2] - pos)
            _c.memmove(ts_buf, cur[0] + pos * ts_size, k * ts_size)
            _c.memmove(val_buf, cur[1] + pos * row_size, k * row_size)
            cur[3] = pos + k
            count[0] = k
            return 0
        return self.ctx.callback("kol_traffic_read_fn", read)

    def run(self, chunks: Iterable[Tuple[Any, Any]],
            on_result: Optional[EmitFn] = None) -> None:
        """Pull a whole series (kol_traffic_run()), then finish it.

        Args:
            chunks: an iterable of (timestamps, rows) pairs, in time order,
                each taken as :meth:`feed` takes its arguments (numpy
                int64 timestamps and float64 rows without copying when
                C can read them in place; sequences copied, integer
                timestamps range-checked: TypeError / OverflowError),
                rows nested (one sequence of n_channels values per
                sample; ValueError naming the row otherwise).
            on_result: as for :meth:`feed`.
        """
        cread = self._reader(chunks)
        cemit = self._emit(on_result)
        self._call("kol_traffic_run", cread, None, cemit, None)

    # -- block path ------------------------------------------------------
    def _emit_blocks(self, on_block: Optional[BlockFn]) -> Tuple[Any, Optional[_Collector]]:
        """The kol_traffic_block_fn of a block call: it passes each block
        to @p on_block, or (None) accumulates the results in the collector
        returned."""
        nch = self.n_channels
        if func_arg(on_block, "on_block") is None:
            collector = _Collector(nch)

            def collect(_f: Any, _user: Any, n: int, *ptrs: Any) -> int:
                collector.add(int(n), ptrs[:7])
                return 0
            return (self.ctx.callback("kol_traffic_block_fn", None, collect, after_error=True),
                    collector)

        def adapt(f: BlockFn, _user: Any, n: int, ts: Any, ns: Any, sc: Any, rs: Any,
                  obs: Any, res: Any, chr_: Any, _nch: int) -> Any:
            return f(_block_from_c(int(n), nch, ts, ns, sc, rs, obs, res, chr_))
        return self.ctx.callback("kol_traffic_block_fn", on_block, adapt, after_error=True), None

    @staticmethod
    def _block_result(collector: Optional[_Collector]) -> Optional[SlotBlock]:
        return None if collector is None else collector.block()

    def _call_blocks(self, collector: Optional[_Collector], function: str,
                     *args: Any) -> Optional[SlotBlock]:
        """Make a block call; when it fails with the results collected,
        the exception carries those handed over before the failure as its
        ``partial`` attribute (a :class:`SlotBlock`)."""
        try:
            self._call(function, *args)
        except BaseException as err:
            if collector is not None:
                try:
                    err.partial = collector.block()  # type: ignore[attr-defined]
                except AttributeError:  # an exception type without __dict__
                    pass
            raise
        return self._block_result(collector)

    def feed_blocks(self, timestamps: Any, values: Any,
                    on_block: Optional[BlockFn] = None) -> Optional[SlotBlock]:
        """Feed samples (push), results handed over in blocks
        (kol_traffic_feed_blocks()): the fast way to receive every result.

        The results are those of :meth:`feed`, in the same order, up to 128
        slots per :class:`SlotBlock` (numpy arrays when numpy is present,
        else lists).

        Args:
            timestamps, values: as for :meth:`feed`.
            on_block: called with each :class:`SlotBlock`; a truthy return
                (or an exception) stops the series, which then raises
                :class:`kol.CallbackError` (or the exception); the getters
                cover every block handed over, that one included. None:
                the results are collected and returned.

        Returns:
            with ``on_block`` None, one :class:`SlotBlock` of every result
            that became final during the call (possibly empty; when the
            call fails, the exception carries the results handed over
            before the failure as its ``partial`` attribute); else None.
        """
        tp, n, vp, keep = self._samples(timestamps, values)
        cb, collector = self._emit_blocks(on_block)
        return self._call_blocks(collector, "kol_traffic_feed_blocks", tp, vp, n, cb, None)

    def finish_blocks(self, on_block: Optional[BlockFn] = None) -> Optional[SlotBlock]:
        """Hand every pending result over in blocks and close the series
        (kol_traffic_finish_blocks()). ``on_block`` and the return value
        are as for :meth:`feed_blocks`."""
        cb, collector = self._emit_blocks(on_block)
        return self._call_blocks(collector, "kol_traffic_finish_blocks", cb, None)

    def run_blocks(self, chunks: Iterable[Tuple[Any, Any]],
                   on_block: Optional[BlockFn] = None) -> Optional[SlotBlock]:
        """Pull a whole series and finish it, results handed over in
        blocks (kol_traffic_run_blocks()).

        Args:
            chunks: as for :meth:`run`.
            on_block: as for :meth:`feed_blocks`. When the run fails, the
                results of the chunks applied are handed to ``on_block``
                before the exception is raised; with ``on_block`` None the
                exception carries them as its ``partial`` attribute (a
                :class:`SlotBlock`), and the getters cover them.

        Returns:
            with ``on_block`` None, one :class:`SlotBlock` of every result
            of the series; else None.
        """
        cread = self._reader(chunks)
        cb, collector = self._emit_blocks(on_block)
        return self._call_blocks(collector, "kol_traffic_run_blocks", cread, None, cb, None)

    def reset(self) -> None:
        """Forget the series (keep channels and parameters)."""
        self._call("kol_traffic_reset")

    def totals(self, channel: Union[int, str] = 0) -> Totals:
        """Totals of one channel (by position, or by name among the
        channels given)."""
        if isinstance(channel, str):
            if channel not in self.channels:
                raise ValueError("kol: channel %r is not one of the monitor's "
                                 "channels (%s)" % (channel, ", ".join(str(c) for c in self.channels)))
            index = self.channels.index(channel)
        else:
            index = int_arg(channel, "channel")
        vals = [_c.c_double() for _ in range(5)]
        self._call("kol_traffic_totals", index, *[_c.byref(v) for v in vals])
        return Totals(*[v.value for v in vals])

    def counts(self) -> Tuple[int, int, int]:
        """(slots emitted, slots flagged, samples skipped)."""
        a, b, c = _c.c_uint64(), _c.c_uint64(), _c.c_uint64()
        self._call("kol_traffic_counts", _c.byref(a), _c.byref(b), _c.byref(c))
        return int(a.value), int(b.value), int(c.value)

    def interval_count(self) -> IntervalCount:
        """(kept, total): the flagged intervals kept, at most the parameter
        "max_intervals", and those there were in all, kept or not
        (kol_traffic_interval_count())."""
        total = _c.c_uint64()
        kept = int(ccall("kol_traffic_interval_count", self.ptr, _c.byref(total)))
        return IntervalCount(kept, int(total.value))

    def intervals(self) -> List[Interval]:
        """The flagged intervals kept, oldest first (their number in all:
        :meth:`interval_count`)."""
        L = _ffi.lib()
        n = int(L.kol_traffic_interval_count(self.ptr, None))
        out = []
        s, e, r, p = _c.c_int64(), _c.c_int64(), _c.c_uint32(), _c.c_double()
        infl = (_c.c_double * self.n_channels)()
        for i in range(n):
            self._call("kol_traffic_interval_at", i, _c.byref(s), _c.byref(e), _c.byref(r),
                       _c.byref(p), infl)
            out.append(Interval(s.value, e.value, r.value, p.value, tuple(infl)))
        return out
