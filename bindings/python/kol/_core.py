"""Contexts, handles, status checking, callbacks and arrays: the machinery
every module class of the binding stands on."""

from __future__ import annotations

import ctypes
import decimal
import difflib
import itertools
import math
import numbers
import operator
import threading
import weakref
from typing import (Any, Callable, Iterable, List, Optional, Sequence, Tuple,
                    Union)

from . import _ffi
from .errors import UnknownNameError, error_class

try:  # numpy is optional: batch calls take sequences without it
    import numpy as _np
except ImportError:  # pragma: no cover - exercised only without numpy
    _np = None

__all__ = ["Context", "Handle", "status_str", "version", "version_string"]

_c = ctypes
P = ctypes.POINTER


def status_str(status: int) -> str:
    """The library's static name of a status code (kol_status_str())."""
    return ccall("kol_status_str", status).decode("utf-8")


def version() -> int:
    """The version of the loaded library: major * 1000000 + minor * 1000 +
    patch (kol_version())."""
    return int(_ffi.lib().kol_version())


def version_string() -> str:
    """The version of the loaded library as "MAJOR.MINOR.PATCH"."""
    return _ffi.lib().kol_version_string().decode("utf-8")


def check_status(status: int, function: str) -> None:
    """Raise for a non-zero status of a call that has no context."""
    if status:
        raise error_class(status)(status, status_str(status), "", 0, function)


def unknown_name(kind: str, name: str, known: Sequence[str], status: int,
                 function: str) -> UnknownNameError:
    """The error of an unknown name of a @p kind ("metric", "channel")
    that the library's lookup @p function refused with @p status: a
    :class:`kol.UnknownNameError` (a ValueError, and a NotFoundError)
    whose text names the kind and the name, suggests the nearest known
    name and lists the @p known ones."""
    close = difflib.get_close_matches(name, list(known), n=1)
    message = "kol: unknown %s %r%s (%ss: %s)" % (
        kind, name, "; did you mean %r?" % close[0] if close else "", kind,
        ", ".join(known))
    return UnknownNameError(status, status_str(status), message, 0, function)


def text_in(value: Optional[str], what: str = "text") -> Optional[bytes]:
    """A Python str (or bytes) as UTF-8 bytes for a ``const char *``.

    Raises:
        TypeError: for anything else.
        ValueError: for text holding a NUL byte (C would see only the
            text before it)."""
    if value is None:
        return None
    if isinstance(value, str):
        data = value.encode("utf-8")
    elif isinstance(value, bytes):
        data = value
    else:
        raise TypeError("%s: expected str, got %s" % (what, type(value).__name__))
    if b"\0" in data:
        raise ValueError("kol: %s: embedded NUL byte in %r (C text ends at the first "
                         "NUL)" % (what, value))
    return data


def text_out(value: Optional[bytes]) -> Optional[str]:
    """A ``const char *`` result as str (None stays None)."""
    return None if value is None else value.decode("utf-8")


# -- integer and text arguments --------------------------------------------

_INT_TYPES = (_c.c_int8, _c.c_int16, _c.c_int32, _c.c_int64,
              _c.c_uint8, _c.c_uint16, _c.c_uint32, _c.c_uint64)


def _int_kind(ctype: Any) -> Optional[Tuple[bool, int]]:
    """(signed, bits) of a ctypes integer type; None for any other type."""
    if ctype not in _INT_TYPES:
        return None
    return ctype(-1).value < 0, 8 * _c.sizeof(ctype)


def _int_bounds(ctype: Any) -> Tuple[int, int, str]:
    """(lowest, highest, description) of a ctypes integer type."""
    signed, bits = _int_kind(ctype)  # type: ignore[misc]
    if signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1, "a signed %d-bit integer" % bits
    return 0, (1 << bits) - 1, "an unsigned %d-bit integer" % bits


def int_arg(value: Any, what: str, ctype: Any = None) -> int:
    """An integer argument: a Python int or anything with ``__index__``
    (numpy integers); a float, even integral, raises TypeError, as in an
    integer array, and so does a bool (True is no code, index or count
    here). With @p ctype, a value the C type cannot hold raises
    OverflowError (ctypes would keep its low bits silently)."""
    if type(value) is not int:
        if isinstance(value, bool) or (_np is not None and isinstance(value, _np.bool_)):
            raise TypeError("%s: integer expected, got %s" % (what, type(value).__name__))
        try:
            value = operator.index(value)
        except TypeError:
            raise TypeError("%s: integer expected, got %s"
                            % (what, type(value).__name__)) from None
    if ctype is not None:
        lo, hi, desc = _int_bounds(ctype)
        if not lo <= value <= hi:
            raise OverflowError("%s: %d does not fit %s (%d to %d)"
                                % (what, value, desc, lo, hi))
    return value


def num_arg(value: Any, what: str) -> float:
    """A number argument (a C ``double``) as a float: a Python int or
    float, a numpy integer or floating scalar (or 0-d array of one), any
    other :class:`numbers.Real` (a Fraction) or a Decimal. Raises
    TypeError naming @p what for anything else: text and bytes
    (``float()`` would parse ``"0.9"`` or ``b"2"``), a bool (no number
    here), None, a sequence. An int too large for a double raises
    OverflowError naming @p what."""
    if type(value) is float:
        return value
    if isinstance(value, bool) or (_np is not None and isinstance(value, _np.bool_)):
        ok = False
    elif isinstance(value, (numbers.Real, decimal.Decimal)):
        ok = True
    else:
        ok = (_np is not None and isinstance(value, _np.ndarray) and value.ndim == 0
              and value.dtype.kind in "iuf")
    if not ok:
        raise TypeError("%s: number expected, got %s" % (what, _type_name(value)))
    try:
        return float(value)
    except OverflowError:
        raise OverflowError("%s: %s is too large for a double" % (what, value)) from None


def param_arg(table: Any, code: int, value: Any) -> float:
    """The value of a parameter (@p code, of the name table @p table of
    a module's parameters) as :func:`num_arg` takes it, its errors naming
    the parameter."""
    for name, c in table.items():
        if c == code:
            return num_arg(value, name)
    return num_arg(value, "parameter %d" % code)


def func_arg(fn: Any, what: str, allow_none: bool = True) -> Any:
    """A callback argument: a callable (or None when @p allow_none);
    anything else raises TypeError naming @p what before any call is made
    (it would fail only when the library first calls it)."""
    if (fn is None and allow_none) or callable(fn):
        return fn
    raise TypeError("%s: a function expected, got %s" % (what, _type_name(fn)))


def mapping_arg(obj: Any, what: str, items: str) -> Any:
    """A mapping argument ({name: value}); anything else raises TypeError
    naming @p what and the @p items expected ("metric: value")."""
    from collections.abc import Mapping
    if isinstance(obj, Mapping):
        return obj
    raise TypeError("%s: a mapping {%s} expected, got %s" % (what, items, _type_name(obj)))


def iterable_arg(obj: Any, what: str, items: str) -> Any:
    """An iterable argument of @p items (not text or bytes, which would be
    iterated into characters or byte values): an iterator over it, else
    TypeError naming @p what."""
    if not isinstance(obj, (str, bytes, bytearray)):
        try:
            return iter(obj)
        except TypeError:
            pass
    raise TypeError("%s: %s expected, got %s" % (what, items, _type_name(obj)))


# per C function: (position, parameter name, ctypes integer type, lowest,
# highest; or None and two zeros for a ``const char *``, c_double and two
# zeros for a ``double``) of the parameters checked before every call
_ARG_CHECKS: dict = {}


def _arg_checks(function: str) -> Tuple[Tuple[int, str, Any, int, int], ...]:
    checks = _ARG_CHECKS.get(function)
    if checks is None:
        decl = _ffi.declarations()
        argtypes = decl.functions[function][1]
        names = decl.param_names[function]
        found = []
        for i, (t, name) in enumerate(zip(argtypes, names)):
            if t in _INT_TYPES:
                lo, hi, _ = _int_bounds(t)
                found.append((i, name, t, lo, hi))
            elif t is _c.c_char_p:
                found.append((i, name, None, 0, 0))
            elif t is _c.c_double:
                found.append((i, name, _c.c_double, 0, 0))
        checks = _ARG_CHECKS[function] = tuple(found)
    return checks


def check_args(function: str, args: Tuple[Any, ...]) -> Tuple[Any, ...]:
    """The arguments of a call of C function @p function, checked against
    its declaration: every integer parameter range-checked for its C type
    (TypeError / OverflowError, see :func:`int_arg`), every ``double``
    a number (TypeError otherwise, see :func:`num_arg`), every ``const
    char *`` refused with a NUL byte (ValueError, see :func:`text_in`; str
    encoded as UTF-8). Raises before anything reaches C."""
    checks = _arg_checks(function)
    if not checks:
        return args
    out = None
    for i, name, ctype, lo, hi in checks:
        if i >= len(args):
            break
        v = args[i]
        if ctype is None:
            if type(v) is bytes and b"\0" not in v:
                continue
            if not isinstance(v, (bytes, str)):
                continue  # None, or a ctypes object: ctypes converts it
            w: Any = text_in(v, "%s: %s" % (function, name))
        elif ctype is _c.c_double:
            if type(v) is float or type(v) is _c.c_double:
                continue
            w = num_arg(v, "%s: %s" % (function, name))
        else:
            if type(v) is int and lo <= v <= hi:
                continue
            if isinstance(v, _c._SimpleCData):
                continue
            w = int_arg(v, "%s: %s" % (function, name), ctype)
        if w is not v:
            if out is None:
                out = list(args)
            out[i] = w
    return args if out is None else tuple(out)


def ccall(function: str, *args: Any) -> Any:
    """Call C function @p function, that has no context, with its arguments
    checked (:func:`check_args`); returns what it returns."""
    return getattr(_ffi.lib(), function)(*check_args(function, args))


# -- calls running on this thread --------------------------------------------

# One serial number for every object and every call, in creation order: an
# object whose serial is below a running call's was made before that call
# started, so the call may be using it, whatever its context.
_serials = itertools.count(1)
_running = threading.local()


def _next_serial() -> int:
    return next(_serials)


def _running_calls() -> List[Tuple[int, str]]:
    """The library calls running on this thread, outermost first, as
    (serial taken when it started, C function): a call made from a
    callback of another is above it."""
    try:
        return _running.calls
    except AttributeError:
        _running.calls = []
        return _running.calls


def refuse_close(what: str, serial: int) -> None:
    """Raise when closing the object (or context) of @p serial now could
    free what a running call uses: when it was made before the innermost
    library call running on this thread started (an object made inside a
    callback may be closed there). The objects of any context count: a
    call may use objects of other contexts (a roster scored by a model of
    another context, sketches given to a report)."""
    calls = _running_calls()
    if calls and serial < calls[-1][0]:
        raise RuntimeError("kol: %s cannot be closed inside a callback of a running "
                           "call (%s) that may use it (close it after the call "
                           "returns)" % (what, calls[-1][1]))


def _copy_refused(obj: Any, how: str) -> TypeError:
    """The TypeError of copy.copy, copy.deepcopy or pickle (@p how: "copied
    with copy.copy()", "pickled") of a :class:`Context` or :class:`Handle`:
    a copy would hold the same C pointer, so closing (or collecting)
    either would free the object under the other. It names the way to copy
    one: the class's ``_copy_hint``, else clone() where the class has it
    (serialize() where it has that and no clone(), or for pickling)."""
    cls = type(obj)
    name = cls.__name__
    hint = getattr(cls, "_copy_hint", "")
    if not hint:
        if hasattr(cls, "serialize") and (how == "pickled" or not hasattr(cls, "clone")):
            hint = "use serialize() and kol.%s.deserialize(ctx, data)" % name
        elif hasattr(cls, "clone"):
            hint = "use clone() for an independent copy"
        else:
            hint = "make a new one"
    return TypeError("kol.%s cannot be %s: the copy would share its C object, which "
                     "closing either would free under the other; %s" % (name, how, hint))


class _Uncopyable:
    """A copy (copy.copy, copy.deepcopy, unpickling) would hold the same C
    pointer: closing either would free the object under the other. They
    raise TypeError naming the way to copy (_copy_refused()); a class sets
    _copy_hint when it has its own."""

    _copy_hint: str = ""

    def __copy__(self) -> Any:
        raise _copy_refused(self, "copied with copy.copy()")

    def __deepcopy__(self, memo: Any) -> Any:
        raise _copy_refused(self, "copied with copy.deepcopy()")

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise _copy_refused(self, "pickled")

    def __reduce__(self) -> Any:
        raise _copy_refused(self, "pickled")


_INT_MIN, _INT_MAX = -2**31, 2**31 - 1


def callback_result(r: Any) -> int:
    """The C ``int`` a callback returns for what its Python function
    returned: the one rule of every callback of the binding whose return
    value can stop an operation (progress, roster and ROI rejects, traffic
    results and blocks), as in the LuaJIT binding.

    None, False and 0 give 0 (go on). An integer gives itself, clamped to
    the C ``int`` range: a Python int, a numpy integer or anything else
    with ``__index__``, and a float (Python or numpy) with an integral
    value, such as 2.0 (a Lua number cannot tell 2.0 from 2). True and
    any other value that Python holds true (a fraction such as 0.5, an
    infinity, NaN, a non-empty string) give 1; a value Python holds false
    (an empty string or list) gives 0. Stopping codes reach the caller as
    the ``callback_code`` of the error the call raises. A value whose
    truth cannot be told (a numpy array of several values) raises
    TypeError / ValueError from the call."""
    if r is None or r is False:
        return 0
    if r is True:
        return 1
    if _np is not None and isinstance(r, _np.bool_):
        return 1 if r else 0
    if isinstance(r, int):
        n = r
    elif isinstance(r, float) or (_np is not None and isinstance(r, _np.floating)):
        x = float(r)
        if x == 0:
            return 0
        if not math.isfinite(x) or not x.is_integer():
            return 1
        n = int(x)
    else:
        try:
            n = operator.index(r)
        except TypeError:
            return 1 if r else 0
    return max(_INT_MIN, min(_INT_MAX, n))


class Context(_Uncopyable):
    """A libkol context (``kol_ctx``): allocator, last error, progress.

    Every object is made from a context and keeps it alive. Objects of one
    context are used by one thread at a time; different contexts share
    nothing.

    Use as a context manager, or call :meth:`close`; a context that is
    garbage-collected is freed too. Closing a context first closes every
    object still open on it.

    Args:
        library: path of the shared library to load (see
            :func:`kol.load_library`); None to use the loaded one or search.
    """

    def __init__(self, library: Optional[str] = None) -> None:
        L = _ffi.load_library(library) if library else _ffi.lib()
        out = _c.c_void_p()
        st = L.kol_ctx_new(_c.byref(out))
        check_status(st, "kol_ctx_new")
        self._ptr: Optional[int] = out.value
        self._serial = _next_serial()
        self._children: "weakref.WeakSet[Handle]" = weakref.WeakSet()
        self._pending: Optional[BaseException] = None
        # the number of calls of this context now running (nested in
        # callbacks)
        self._depth = 0
        self._progress_fn: Optional[Callable[[int, int], Any]] = None
        self._progress_c: Any = None
        self._finalizer = weakref.finalize(self, L.kol_ctx_free, self._ptr)

    # -- life ------------------------------------------------------------
    @property
    def closed(self) -> bool:
        """Whether the context was closed."""
        return self._ptr is None

    def close(self) -> None:
        """Close every object still open on the context, then free it.
        Calling it again does nothing.

        Raises:
            RuntimeError: when called inside a callback of a running
                library call that started after the context was made (of
                this context or another: the call may use the context or
                its objects until it returns)."""
        if self._ptr is None:
            return
        refuse_close("the context", self._serial)
        for child in list(self._children):
            child.close()
        self._finalizer()
        self._ptr = None
        self._progress_c = None
        self._progress_fn = None

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<kol.Context %s>" % ("closed" if self._ptr is None else hex(self._ptr))

    @property
    def ptr(self) -> int:
        """The ``kol_ctx *`` address (raises ValueError when closed)."""
        if self._ptr is None:
            raise ValueError("kol: the context is closed")
        return self._ptr

    # -- errors ----------------------------------------------------------
    @property
    def last_error(self) -> str:
        """The message of the last failed call (kol_ctx_last_error())."""
        return _ffi.lib().kol_ctx_last_error(self.ptr).decode("utf-8", "replace")

    @property
    def last_status(self) -> int:
        """The status of the last failed call (kol_ctx_last_status())."""
        return int(_ffi.lib().kol_ctx_last_status(self.ptr))

    @property
    def callback_code(self) -> int:
        """The code a callback returned when it last stopped an operation."""
        return int(_ffi.lib().kol_ctx_callback_code(self.ptr))

    def clear_error(self) -> None:
        """Forget the last error (kol_ctx_clear_error())."""
        _ffi.lib().kol_ctx_clear_error(self.ptr)

    def _error(self, status: int, function: str) -> BaseException:
        """The exception of non-zero @p status, with this context's last
        error message and callback code."""
        L = _ffi.lib()
        return error_class(status)(status, status_str(status),
                                   L.kol_ctx_last_error(self._ptr).decode("utf-8", "replace"),
                                   int(L.kol_ctx_callback_code(self._ptr)), function)

    def check(self, status: int, function: str) -> None:
        """Raise the exception of @p status (nothing for 0), at the end of
        a call made through :meth:`call`.

        When a Python callback raised during the call, that exception is
        raised instead, with the library's error as its ``__cause__``
        (and taken: it is raised once).
        """
        pending, self._pending = self._pending, None
        if status == 0:
            if pending is not None:
                raise pending
            return
        err = self._error(status, function)
        if pending is not None:
            raise pending from err
        raise err

    def _check_getter(self, status: int, function: str) -> None:
        """Raise the exception of @p status (nothing for 0) returned by a
        call that makes no callback, made outside :meth:`call` (a getter
        that handles some statuses itself, such as not found).

        Unlike :meth:`check`, it leaves alone the exception that a callback
        of a running call keeps: the getter may run inside a later callback
        of that call, which raises the first exception when it returns.
        """
        if status:
            raise self._error(status, function)

    def call(self, function: str, *args: Any) -> None:
        """Call a status-returning function whose errors land on this
        context, and raise on failure.

        A call made from inside a callback of a running call (a getter in a
        traffic block callback, say) keeps the exception that the running
        call already holds: that exception, not a later one, is raised when
        the running call returns.

        The arguments are checked first (:func:`check_args`). While the
        call runs, nothing made before it started can be closed (see
        :func:`refuse_close`)."""
        args = check_args(function, args)
        fn = getattr(_ffi.lib(), function)
        outer, self._pending = self._pending, None
        calls = _running_calls()
        try:
            calls.append((_next_serial(), function))
            self._depth += 1
            try:
                st = fn(*args)
            finally:
                self._depth -= 1
                calls.pop()
            self.check(st, function)
        finally:
            # the outer call's exception, if any, comes first
            self._pending = outer

    @property
    def in_call(self) -> bool:
        """Whether a call of this context is running (so that the code
        asking runs inside one of its callbacks)."""
        return self._depth > 0

    def _refuse_close(self, what: str, serial: int) -> None:
        refuse_close(what, serial)

    # -- callbacks -------------------------------------------------------
    def callback(self, typedef: str, fn: Callable[..., Any],
                 adapt: Optional[Callable[..., Any]] = None,
                 after_error: bool = False) -> Any:
        """Wrap a Python function as a C callback of type @p typedef.

        The trampoline never lets an exception cross into C: it keeps the
        exception on the context and returns non-zero, which stops the
        operation; :meth:`check` then raises it. Once an exception is kept,
        later calls of the callbacks return non-zero without running, unless
        @p after_error is true: such a callback (one that receives results
        the library hands over while it winds down, as the traffic
        monitor's block callback does) still runs, and an exception it
        raises then is dropped in favour of the first. @p adapt, when
        given, is called as ``adapt(fn, *c_args)`` to turn C arguments into
        Python ones. What it (or @p fn) returns becomes the C ``int``
        through :func:`callback_result`. The caller must keep the returned
        object alive as long as C may call it.
        """
        ctype = _ffi.callback_type(typedef)
        ctx_ref = weakref.ref(self)

        def trampoline(*args: Any) -> int:
            ctx = ctx_ref()
            if ctx is None:
                return 1
            if ctx._pending is not None and not after_error:
                return 1
            try:
                r = adapt(fn, *args) if adapt is not None else fn(*args)
                return callback_result(r)
            except BaseException as e:  # noqa: B902 - re-raised by check()
                if ctx._pending is None:
                    ctx._pending = e
                return -1
        return ctype(trampoline)

    def set_progress(self, fn: Optional[Callable[[int, int], Any]]) -> None:
        """Register the progress callback of this context's long
        operations (kol_ctx_set_progress()).

        Args:
            fn: called as ``fn(done, total)`` (total 0 when unknown); a
                truthy return (or an exception) cancels the operation,
                which raises :class:`kol.CancelledError` with the code
                returned (an integer, or 1: see :func:`callback_result`)
                as its ``callback_code`` (or the exception). None
                removes the callback.
        """
        if func_arg(fn, "fn") is None:
            self.call("kol_ctx_set_progress", self.ptr, None, None)
            self._progress_fn = self._progress_c = None
            return
        cfn = self.callback("kol_progress_fn", fn,
                            lambda f, _user, done, total: f(int(done), int(total)))
        self.call("kol_ctx_set_progress", self.ptr, cfn, None)
        self._progress_fn, self._progress_c = fn, cfn

    @property
    def progress(self) -> Optional[Callable[[int, int], Any]]:
        """The registered progress callback, or None."""
        return self._progress_fn

    def progress_bar(self, desc: Optional[str] = None, **tqdm_args: Any) -> "_ProgressBar":
        """A context manager that shows a tqdm progress bar for the long
        operations run inside it, when tqdm is installed (else it does
        nothing). The previous progress callback is restored on exit.

        Example::

            with ctx.progress_bar("scoring"):
                model.score_roster(roster)
        """
        return _ProgressBar(self, desc, tqdm_args)


class _ProgressBar:
    def __init__(self, ctx: Context, desc: Optional[str], args: dict) -> None:
        self.ctx, self.desc, self.args = ctx, desc, args
        self.bar: Any = None
        self.saved: Any = None

    def __enter__(self) -> "_ProgressBar":
        try:
            from tqdm import tqdm  # type: ignore
        except ImportError:
            return self
        self.saved = self.ctx.progress
        self.bar = tqdm(desc=self.desc, total=None, **self.args)

        def update(done: int, total: int) -> None:
            if total and self.bar.total != total:
                self.bar.total = total
            self.bar.update(done - self.bar.n)
        self.ctx.set_progress(update)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.close()
            if not self.ctx.closed:
                self.ctx.set_progress(self.saved)


def _free_handle(free_fn: Any, ptr: int, _keep: Any) -> None:
    free_fn(ptr)


class Handle(_Uncopyable):
    """Base of every owned libkol object: ``close()``, context manager and
    a finalizer that frees the C object when the Python one is collected.

    Attributes:
        ctx: the context the object was made from (kept alive).
    """

    _free: str = ""

    def _adopt(self, ctx: Context, ptr: int) -> None:
        self.ctx = ctx
        self._ptr: Optional[int] = ptr
        self._serial = _next_serial()
        # The finalizer holds the context: it cannot be freed before us.
        self._finalizer = weakref.finalize(self, _free_handle,
                                           getattr(_ffi.lib(), self._free), ptr, ctx)
        ctx._children.add(self)

    def _new(self, ctx: Context, function: str, *args: Any) -> None:
        """Make the C object: call @p function as ``function(ctx, *args,
        &out)`` (@p ctx checked: TypeError for anything but an open
        :class:`Context`) and adopt its result."""
        cp = handle_arg(ctx, "ctx", Context)
        out = _c.c_void_p()
        ctx.call(function, cp, *(args + (_c.byref(out),)))
        self._adopt(ctx, out.value)

    @property
    def ptr(self) -> int:
        """The C object's address (raises ValueError once closed)."""
        if self._ptr is None:
            raise ValueError("kol: %s is closed" % type(self).__name__)
        return self._ptr

    @property
    def closed(self) -> bool:
        """Whether the object was closed."""
        return getattr(self, "_ptr", None) is None

    def close(self) -> None:
        """Free the C object now. Calling it again does nothing.

        Raises:
            RuntimeError: when called inside a callback of a running
                library call (of any context) that started after the
                object was made: the call may be using it."""
        if getattr(self, "_ptr", None) is None:
            return
        self._check_closable()
        self._finalizer()
        self._ptr = None

    def _check_closable(self) -> None:
        refuse_close(type(self).__name__, getattr(self, "_serial", 0))

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _call(self, function: str, *args: Any) -> None:
        self.ctx.call(function, self.ptr, *args)

    def __repr__(self) -> str:
        return "<kol.%s %s>" % (type(self).__name__,
                                "closed" if self.closed else hex(self._ptr or 0))


# -- arrays ------------------------------------------------------------------

ArrayLike = Union[Sequence[Any], Any]


def have_numpy() -> bool:
    """Whether numpy is importable (batch outputs are then numpy arrays)."""
    return _np is not None


def is_row(value: Any) -> bool:
    """Whether an element of a sequence argument is a row (a nested
    sequence of values) rather than one value: anything iterable except
    text, bytes and numpy 0-d arrays."""
    if isinstance(value, (int, float, str, bytes, bytearray)):
        return False
    if _np is not None and isinstance(value, _np.ndarray):
        return value.ndim > 0
    try:
        iter(value)
    except TypeError:
        return False
    return True


def _a(value: Any) -> str:
    """The type of @p value with its article ("a float", "an int")."""
    kind = type(value).__name__
    return ("an " if kind[:1] in "aeiou" else "a ") + kind


def _flatten_rows(seq: List[Any], width: int, name: str, rows: bool = False) -> List[Any]:
    """The values of @p seq, rows of exactly @p width values each, in one
    flat list. Raises ValueError naming the argument and the first element
    that is not such a row (a single value, a row of another length, a
    value that is itself a row): C would otherwise read the values shifted
    from where the caller meant them. With @p width 1, the message
    suggests giving no value as a row unless @p rows (an argument of rows
    only)."""
    flat: List[Any] = []
    for i, row in enumerate(seq):
        if not is_row(row):
            raise ValueError("%s: row %d is %s, not a row of %d value%s%s"
                             % (name, i, _a(row), width, "" if width == 1 else "s",
                                " (give every value as a row, or none)"
                                if width == 1 and not rows else ""))
        row = list(row)
        if len(row) != width:
            raise ValueError("%s: row %d has %d values, %d expected"
                             % (name, i, len(row), width))
        for j, v in enumerate(row):
            if is_row(v):
                raise ValueError("%s: row %d, value %d is %s, not a number"
                                 % (name, i, j, _a(v)))
        flat.extend(row)
    return flat


def _numpy_in(obj: Any, ctype: Any, name: str, width: int, any_shape: bool,
              copy: bool) -> Any:
    """The numpy array @p obj checked for a ``const T *`` (or, with @p copy
    false, a ``T *`` the library writes into): the array itself when C can
    read it in place, else (with @p copy) an aligned, C-contiguous,
    native-endian copy of it."""
    want = _np.dtype(ctype)
    dt = obj.dtype
    if (dt.kind, dt.itemsize) != (want.kind, want.itemsize) or dt.fields or dt.subdtype:
        raise TypeError("%s: numpy array of dtype %s expected, got %s "
                        "(use .astype(%s))" % (name, want, dt, want))
    if not any_shape and obj.ndim != 1 and (obj.ndim != 2 or obj.shape[1] != width):
        raise ValueError("%s: numpy array of shape (n,) or (rows, %d) "
                         "expected, got shape %s" % (name, width, obj.shape))
    if width > 1 and obj.size % width:
        raise ValueError("%s: %d values are not rows of %d"
                         % (name, obj.size, width))
    if dt.isnative and obj.flags.c_contiguous and obj.flags.aligned:
        return obj
    # C reads a T * as T values, in native byte order, side by side, at
    # an address aligned for T: anything else is undefined behaviour
    if not copy:
        if not dt.isnative:
            raise TypeError("%s: numpy array of dtype %s expected, got %s "
                            "(byte order not native)" % (name, want, dt))
        if not obj.flags.c_contiguous:
            raise ValueError("%s: numpy array must be C-contiguous "
                             "(use numpy.ascontiguousarray)" % name)
        raise ValueError("%s: numpy array data is not aligned for %s "
                         "(use an array numpy allocated, e.g. numpy.empty)"
                         % (name, _describe(ctype)))
    return _np.array(obj, dtype=want, order="C", copy=True)


def array_in(obj: Any, ctype: Any, name: str, allow_none: bool = False,
             width: int = 1, any_shape: bool = False,
             copy: bool = True, rows: bool = False) -> Tuple[Any, int, Any]:
    """A caller array for a ``const T *`` parameter.

    A numpy array must hold the C type's values (same kind and size: a
    float64 array for ``double``, int64 for ``int64_t``; TypeError
    otherwise) and be one-dimensional or of shape (rows, @p width) (any
    shape with @p any_shape; ValueError otherwise). It is passed without
    copying when it is C-contiguous, aligned and in native byte order;
    otherwise (a strided view, a misaligned view such as a field of a
    structured array or ``numpy.frombuffer`` at an odd offset, a
    big-endian array) an aligned, C-contiguous, native-endian copy is
    passed, since C may only read it in that form. With @p copy false (an
    array the library writes into) such an array is refused instead
    (TypeError for the byte order, ValueError for the layout). A ctypes
    array must have the C type as its element type; a misaligned one
    (``from_buffer`` at an odd offset) is copied (refused with @p copy
    false). Any other iterable is copied into a ctypes array (refused
    with @p copy false: ValueError, since the library would write into
    the copy and the caller's sequence would stay as it was), its
    integers range-checked for an integer type (OverflowError); rows of
    @p width values are given as nested sequences of exactly @p width
    values each (required when @p width is above 1 or @p rows is true;
    else, with @p width 1, as single values or as 1-value rows, not
    mixed). A ragged or
    wrongly-nested sequence raises ValueError naming @p name and the
    offending row. Text and bytes (str, bytes, bytearray, a memoryview of
    single bytes unless the element type is a byte) raise TypeError
    naming @p name, as does anything not iterable; a value the element
    type cannot take raises TypeError naming ``name[i]``.

    Returns:
        (pointer, number of elements, object to keep alive during the call)
    """
    if obj is None:
        if allow_none:
            return None, 0, None
        raise TypeError("%s: an array is required" % name)
    _refuse_text_array(obj, ctype, name)
    if _np is not None and isinstance(obj, _np.ndarray):
        obj = _numpy_in(obj, ctype, name, width, any_shape, copy)
        return obj.ctypes.data_as(P(ctype)), int(obj.size), obj
    if isinstance(obj, ctypes.Array):
        if obj._type_ is not ctype:
            raise TypeError("%s: ctypes array of %s expected, got one of %s"
                            % (name, _describe(ctype), _describe(obj._type_)))
        if width > 1 and len(obj) % width:
            raise ValueError("%s: %d values are not rows of %d"
                             % (name, len(obj), width))
        if _c.addressof(obj) % _c.alignment(ctype):
            if not copy:
                raise ValueError("%s: ctypes array is not aligned for %s"
                                 % (name, _describe(ctype)))
            aligned = (ctype * len(obj))()
            _c.memmove(aligned, _c.addressof(obj), _c.sizeof(obj))
            obj = aligned
        return _c.cast(obj, P(ctype)), len(obj), obj
    if not copy:
        if not is_row(obj):
            _list_of(obj, ctype, name)  # TypeError: no array at all
        raise ValueError("%s: %s cannot be written in place (the results would go to a "
                         "copy); give a numpy array (numpy.empty) or a ctypes array of %s"
                         % (name, _a(obj), _describe(ctype)))
    seq = _list_of(obj, ctype, name)
    if width > 1 or rows or any(is_row(v) for v in seq):
        seq = _flatten_rows(seq, width, name, rows)
    _check_range(seq, ctype, name)
    try:
        arr = (ctype * len(seq))(*seq)
    except TypeError:
        _refuse_values(seq, ctype, name)
        raise
    return _c.cast(arr, P(ctype)), len(seq), arr


def _refuse_text_array(obj: Any, ctype: Any, name: str) -> None:
    """Raise TypeError naming @p name for text or bytes given as an array
    of numbers: iterated, ``b"abc"`` gives the values 97, 98 and 99 and a
    str its characters. A str, bytes or bytearray is refused for any
    element type, a memoryview of single bytes (format ``B``, ``b`` or
    ``c``) unless the element type is a byte."""
    if isinstance(obj, (str, bytes, bytearray)):
        kind = type(obj).__name__
    elif (isinstance(obj, memoryview) and obj.format in ("B", "b", "c")
          and _c.sizeof(ctype) != 1):
        kind = "memoryview of bytes"
    else:
        return
    raise TypeError("%s: an array of %s expected, got %s (text and bytes are no array of "
                    "numbers)" % (name, _describe(ctype), kind))


def _list_of(obj: Any, ctype: Any, name: str) -> List[Any]:
    """The values of an iterable array argument as a list; TypeError
    naming @p name for something that is not iterable."""
    try:
        return list(obj)
    except TypeError:
        if hasattr(obj, "__iter__") or hasattr(obj, "__getitem__"):
            raise
        raise TypeError("%s: an array of %s expected, got %s"
                        % (name, _describe(ctype), _type_name(obj))) from None


def _refuse_values(seq: List[Any], ctype: Any, name: str) -> None:
    """Raise TypeError naming ``name[i]`` for the first value of @p seq
    that the C element type cannot take (ctypes' own error names
    neither the argument nor the value)."""
    for i, v in enumerate(seq):
        try:
            ctype(v)
        except TypeError:
            raise TypeError("%s[%d]: number expected, got %s"
                            % (name, i, _type_name(v))) from None


def rows_in(obj: Any, ctype: Any, name: str, width: int) -> Tuple[Any, int, Any]:
    """A caller table of rows of @p width values each, row-major, for a
    ``const T *`` parameter: as :func:`array_in` takes it (nested
    sequences of exactly @p width values, a numpy array of shape (rows,
    @p width) or a flat one, a flat ctypes array), @p width 0 included
    (rows that hold no value: empty nested sequences, or a numpy array of
    shape (rows, 0)). A sequence must hold rows even when @p width is 1:
    a flat one (or a single value among rows) raises ValueError naming
    the row, as for any other width.

    Returns:
        (pointer, number of rows, object to keep alive during the call);
        the pointer is never NULL, even for no values.
    """
    if width > 0:
        p, m, keep = array_in(obj, ctype, name, width=width, rows=True)
        return p, m // width, keep
    if obj is None:
        raise TypeError("%s: an array is required" % name)
    _refuse_text_array(obj, ctype, name)
    if _np is not None and isinstance(obj, _np.ndarray):
        _numpy_in(obj, ctype, name, 0, True, True)
        if obj.ndim not in (1, 2):
            raise ValueError("%s: numpy array of shape (rows, 0) expected, got shape %s"
                             % (name, obj.shape))
        if obj.size:
            raise ValueError("%s: %d values are not rows of 0 (no column)"
                             % (name, obj.size))
        rows = obj.shape[0] if obj.ndim == 2 else 0
    elif isinstance(obj, ctypes.Array):
        if obj._type_ is not ctype:
            raise TypeError("%s: ctypes array of %s expected, got one of %s"
                            % (name, _describe(ctype), _describe(obj._type_)))
        if len(obj):
            raise ValueError("%s: %d values are not rows of 0 (no column)"
                             % (name, len(obj)))
        rows = 0
    else:
        seq = _list_of(obj, ctype, name)
        _flatten_rows(seq, 0, name)
        rows = len(seq)
    # C refuses a NULL array even when it holds no value
    arr = (ctype * 1)()
    return _c.cast(arr, P(ctype)), rows, arr


def _check_handle(obj: Any, name: str, cls: Any) -> None:
    """Raise TypeError, naming the argument @p name and the class
    expected, unless @p obj is an instance of @p cls (a :class:`Handle`
    subclass, or :class:`Context`): C would read an object of another
    class as the struct it expects (a crash, or garbage results)."""
    if not isinstance(obj, cls):
        raise TypeError("%s: kol.%s expected, got %s"
                        % (name, cls.__name__, _type_name(obj)))


def _type_name(obj: Any) -> str:
    """The class of @p obj for a message ("kol.Sketch", "int")."""
    kind = type(obj)
    if isinstance(obj, (Handle, Context)):
        return "kol." + kind.__name__
    return kind.__name__


def handle_arg(obj: Any, name: str, cls: Any, allow_none: bool = False) -> Optional[int]:
    """The C address of @p obj for a parameter of a ``kol_x *`` type: a
    handle of class @p cls (or :class:`Context` for ``kol_ctx *``), open.
    Every handle argument goes through here (lists through
    :func:`handle_array`).

    Raises:
        TypeError: naming the argument @p name and the class expected,
            for an object of another class (None too, unless
            @p allow_none: then None gives NULL).
        ValueError: for a closed object (or a stale record view)."""
    if obj is None and allow_none:
        return None
    _check_handle(obj, name, cls)
    return obj.ptr


def handle_array(objs: Iterable[Any], name: str, cls: Any = None) -> Tuple[Any, int]:
    """A C array of the pointers of @p objs (handles of class @p cls) for
    a ``const kol_x *const *`` parameter; returns (array, count). Each
    object is checked as :func:`handle_arg` checks one (TypeError naming
    ``name[i]``); @p objs itself must be iterable, and not text or bytes
    (TypeError naming @p name: None included). The array holds the
    objects: passed to :meth:`Context.call`, it keeps them alive (their
    finalizers cannot run) until the call returns, whatever a callback
    does to the caller's container meanwhile."""
    want = cls or Handle
    if isinstance(objs, (str, bytes, bytearray)):
        objs_iter = None
    else:
        try:
            objs_iter = iter(objs)
        except TypeError:
            objs_iter = None
    if objs_iter is None:
        raise TypeError("%s: a sequence of kol.%s expected, got %s"
                        % (name, want.__name__, _type_name(objs)))
    objs = list(objs_iter)
    for i, o in enumerate(objs):
        _check_handle(o, "%s[%d]" % (name, i), want)
    arr = (_c.c_void_p * max(len(objs), 1))(*[o.ptr for o in objs])
    arr._kol_pins = objs  # type: ignore[attr-defined]
    return arr, len(objs)


def bytes_in(data: Any, name: str) -> bytes:
    """The bytes of a bytes-like argument @p data: bytes, bytearray,
    memoryview or any other object exporting a buffer (array.array, a
    numpy array), contiguous or not (read in C order).

    Raises:
        TypeError: naming the argument @p name for anything else, a str
            included (text has no one byte form)."""
    if isinstance(data, bytes):
        return data
    try:
        view = memoryview(data)
    except TypeError:
        raise TypeError("%s: bytes-like object expected, got %s"
                        % (name, _type_name(data))) from None
    with view:
        return view.tobytes()


def _describe(ctype: Any) -> str:
    """A ctypes element type in words ("unsigned 64-bit integers")."""
    kind = _int_kind(ctype)
    if kind is not None:
        return "%s %d-bit integers" % ("signed" if kind[0] else "unsigned", kind[1])
    if ctype is _c.c_double:
        return "doubles (float64)"
    if ctype is _c.c_float:
        return "floats (float32)"
    return getattr(ctype, "__name__", str(ctype))


def _check_range(seq: List[Any], ctype: Any, name: str) -> None:
    """Refuse a bool (a Python bool or a numpy bool_: ctypes would take it
    as 1 or 0, where a scalar argument refuses it) and, for an integer
    type, integers that the C type cannot hold (ctypes would keep their
    low bits silently)."""
    kind = _int_kind(ctype)
    bools = (bool, _np.bool_) if _np is not None else bool
    if kind is None:
        for i, v in enumerate(seq):
            if isinstance(v, bools):
                raise TypeError("%s[%d]: number expected, got %s"
                                % (name, i, _type_name(v)))
        return
    signed, bits = kind
    lo, hi, _ = _int_bounds(ctype)
    for i, v in enumerate(seq):
        if isinstance(v, bools):
            raise TypeError("%s[%d]: integer expected, got %s"
                            % (name, i, _type_name(v)))
        if not isinstance(v, int):
            try:
                v = v.__index__()
            except (AttributeError, TypeError):
                raise TypeError("%s[%d]: integer expected, got %s"
                                % (name, i, type(v).__name__)) from None
        if not lo <= v <= hi:
            raise OverflowError("%s[%d]: %d does not fit a%s %d-bit integer "
                                "(%d to %d)" % (name, i, v, " signed" if signed
                                                else "n unsigned", bits, lo, hi))


class OutArray:
    """An output array the library writes into: a numpy array when numpy
    is importable, else a ctypes array turned into a list."""

    def __init__(self, ctype: Any, n: int, out: Any = None, name: str = "out") -> None:
        self.ctype = ctype
        self.n = n
        if out is not None:
            # written in place: an array C cannot write as it is is refused
            ptr, size, keep = array_in(out, ctype, name, any_shape=True, copy=False)
            if _np is not None and isinstance(out, _np.ndarray) and not out.flags.writeable:
                raise ValueError("%s: numpy array is read-only" % name)
            if size < n:
                raise ValueError("%s: room for %d values needed, got %d" % (name, n, size))
            self.ptr, self.obj, self.user = ptr, keep, True
        elif _np is not None:
            self.obj = _np.zeros(max(n, 1), dtype=_np.dtype(ctype))
            self.ptr = self.obj.ctypes.data_as(P(ctype))
            self.user = False
        else:
            self.obj = (ctype * max(n, 1))()
            self.ptr = _c.cast(self.obj, P(ctype))
            self.user = False

    def result(self, shape: Optional[Tuple[int, int]] = None) -> Any:
        if self.user:
            return self.obj
        if _np is not None and isinstance(self.obj, _np.ndarray):
            arr = self.obj[:self.n]
            return arr.reshape(shape) if shape is not None else arr
        values = list(self.obj)[:self.n]
        if shape is not None:
            rows, cols = shape
            return [values[r * cols:(r + 1) * cols] for r in range(rows)]
        return values


def enum_code(value: Union[int, str], names: Callable[[int], Optional[str]],
              count: int, what: str) -> int:
    """An enum argument given as its code or its name."""
    if isinstance(value, str):
        for code in range(count):
            if names(code) == value:
                return code
        raise ValueError("kol: unknown %s name %r" % (what, value))
    return int_arg(value, what)


def iter_count(n: int) -> Iterable[int]:
    return range(int(n))
