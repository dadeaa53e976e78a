"""The KOL value model (kol/value.h): communication, fan and conversion
value, per-metric contributions, batch scoring over caller-owned columns."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, OutArray, _type_name, array_in, ccall, check_status,
                    func_arg, handle_arg, int_arg, mapping_arg, num_arg, param_arg, text_in,
                    text_out)
from .record import Borrow, Record, _dimension, metric_code
from .record import metric_count as record_metric_count
from .roster import Roster

__all__ = ["ValueModel", "ValueResult", "GOALS", "NORMS", "COMPONENTS", "OUTPUTS",
           "PARAMS", "metric_name", "param_bounds", "PORTRAIT_MATCH_COLUMN",
           "CUSTOM_COLUMN_BASE"]

GOALS: Dict[str, int] = _ffi.enum_table("kol_value_goal", "KOL_VALUE_GOAL_")
NORMS: Dict[str, int] = _ffi.enum_table("kol_value_norm", "KOL_VALUE_NORM_")
COMPONENTS: Dict[str, int] = _ffi.enum_table("kol_value_component",
                                                "KOL_VALUE_COMPONENT_")
#: The values of one scored row, in order (KOL_VALUE_OUT_COUNT of them).
OUTPUTS: Tuple[str, ...] = tuple(sorted(_ffi.enum_table("kol_value_out", "KOL_VALUE_OUT_"),
                                         key=_ffi.enum_table("kol_value_out",
                                                             "KOL_VALUE_OUT_").get))
PARAMS: Dict[str, int] = _ffi.enum_table("kol_value_param", "KOL_VALUE_PARAM_")
PORTRAIT_MATCH_COLUMN = int(_ffi.declarations().constants["KOL_VALUE_COLUMN_PORTRAIT_MATCH"])
CUSTOM_COLUMN_BASE = int(_ffi.declarations().constants["KOL_VALUE_COLUMN_CUSTOM_BASE"])
#: Number of built-in sub-metrics (custom ones take the codes after them).
BUILTIN_METRICS = len(_ffi.declarations().enums["kol_value_metric"])
_NOUT = len(OUTPUTS)


def _code(table: Dict[str, int], v: Union[int, str], what: str) -> int:
    if isinstance(v, str):
        try:
            return table[v]
        except KeyError:
            raise ValueError("kol: unknown %s %r" % (what, v)) from None
    return int_arg(v, what)


def metric_name(code: int) -> Optional[str]:
    """Name of a built-in sub-metric code ("reach", "er_view", ...)."""
    return text_out(ccall("kol_value_metric_name", code))


def param_bounds(param: Union[int, str]) -> Tuple[float, float, float]:
    """(min, max, default) of a model parameter."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    check_status(ccall("kol_value_param_bounds", _code(PARAMS, param, "value parameter"),
                       _c.byref(lo), _c.byref(hi), _c.byref(de)),
                 "kol_value_param_bounds")
    return lo.value, hi.value, de.value


class ValueModel(Handle):
    """A value model (``kol_value_model``).

    Args:
        ctx: the context.
        goal: "balanced", "acquisition", "activation" or "conversion" (or
            its code).
    """

    _free = "kol_value_model_free"

    def __init__(self, ctx: Context, goal: Union[int, str] = "balanced") -> None:
        self._new(ctx, "kol_value_model_new", _code(GOALS, goal, "goal"))
        # Custom metric callbacks: kept as long as the model lives.
        self._custom: List[Tuple[Callable[..., Any], Any]] = []
        # The context of the records that the running call hands to the
        # custom metrics (a roster or record of another context may be
        # scored): set by every call that can make them (_score_call).
        self._records_ctx: List[Context] = [ctx]

    @property
    def id(self) -> str:
        """The model identifier ("kol-value/5:" + configuration hash)."""
        return (_ffi.lib().kol_value_model_id(self.ptr) or b"").decode("utf-8")

    def set_goal(self, goal: Union[int, str]) -> None:
        """Reset the weights to a goal preset."""
        self._call("kol_value_model_set_goal", _code(GOALS, goal, "goal"))

    def set_param(self, param: Union[int, str], value: float) -> None:
        """Set a parameter (by name or code) to a number (TypeError naming
        the parameter for anything else, text included)."""
        code = _code(PARAMS, param, "value parameter")
        self._call("kol_value_model_set_param", code, param_arg(PARAMS, code, value))

    def get_param(self, param: Union[int, str]) -> float:
        """Read a parameter."""
        out = _c.c_double()
        self._call("kol_value_model_get_param", _code(PARAMS, param, "value parameter"),
                   _c.byref(out))
        return out.value

    def _metric(self, metric: Union[int, str]) -> int:
        if isinstance(metric, str):
            for code in range(self.metric_count):
                if self.metric_name(code) == metric:
                    return code
            raise ValueError("kol: unknown value sub-metric %r" % metric)
        return int_arg(metric, "value sub-metric")

    @property
    def metric_count(self) -> int:
        """Number of sub-metrics (18 built-in plus the custom ones)."""
        return int(_ffi.lib().kol_value_model_metric_count(self.ptr))

    def metric_name(self, code: int) -> Optional[str]:
        """Name of a sub-metric of this model."""
        return text_out(ccall("kol_value_model_metric_name", self.ptr, code))

    def metric_names(self) -> List[str]:
        """Names of every sub-metric, in code order."""
        return [self.metric_name(i) or str(i) for i in range(self.metric_count)]

    def set_metric(self, metric: Union[int, str], weight: float,
                   norm: Union[int, str] = "cohort") -> None:
        """Set the weight and normalization of a sub-metric."""
        self._call("kol_value_model_set_metric", self._metric(metric),
                   num_arg(weight, "weight"), _code(NORMS, norm, "norm"))

    def get_metric(self, metric: Union[int, str]) -> Tuple[float, int, int]:
        """(weight, norm code, component code) of a sub-metric."""
        w, n, c = _c.c_double(), _c.c_int32(), _c.c_int32()
        self._call("kol_value_model_get_metric", self._metric(metric), _c.byref(w),
                   _c.byref(n), _c.byref(c))
        return w.value, n.value, c.value

    def add_metric(self, name: str, fn: Callable[[Record], Optional[float]],
                   component: Union[int, str] = "fan", weight: float = 1.0,
                   norm: Union[int, str] = "cohort") -> int:
        """Add a custom sub-metric computed by a Python function.

        Args:
            name: its name, unique in the model.
            fn: called with a borrowed :class:`Record` (valid during the
                call only) of the record's context, which is the context
                of the roster or record scored, the model's or another;
                returns the value, or None when missing. An exception
                stops the scoring call and is raised from it.
            component, weight, norm: as the C function.

        Returns:
            the sub-metric code. In the batch calls its column is
            ``CUSTOM_COLUMN_BASE + code - 18``.

        The function is kept alive as long as the model.
        """
        ctx = self.ctx
        func_arg(fn, "fn", allow_none=False)
        number = num_arg(weight, "weight")
        records_ctx = self._records_ctx

        def adapt(f: Callable[..., Any], _user: Any, rec_ptr: int, value: Any,
                  present: Any) -> int:
            token = Borrow()
            try:
                # the view belongs to the record's context, not the model's
                v = f(Record._view(records_ctx[0], rec_ptr, token))
            finally:
                token.valid = False
            if v is None:
                present[0] = 0
            else:
                value[0] = num_arg(v, "custom metric %r: the value returned" % name)
                present[0] = 1
            return 0
        cfn = ctx.callback("kol_value_metric_fn", fn, adapt)
        code = _c.c_int32()
        self._call("kol_value_model_add_metric", text_in(name, "metric name"),
                   _code(COMPONENTS, component, "component"), number,
                   _code(NORMS, norm, "norm"), cfn, None, _c.byref(code))
        self._custom.append((fn, cfn))
        return int(code.value)

    def set_bands(self, edges: Sequence[float]) -> None:
        """Set the follower-band edges."""
        p, n, keep = array_in(edges, _c.c_double, "edges")
        self._call("kol_value_model_set_bands", p, n)

    def set_target(self, dimension: Union[int, str], shares: Mapping[str, float]) -> None:
        """Set one dimension of the target portrait ({} clears it)."""
        mapping_arg(shares, "shares", "label: weight")
        labels = [text_in(k, "label") for k in shares]
        arr = (_c.c_char_p * max(len(labels), 1))(*labels)
        wp, n, keep = array_in([num_arg(v, "shares[%r]" % k) for k, v in shares.items()],
                               _c.c_double, "shares")
        self._call("kol_value_model_set_target", _dimension(dimension),
                   arr if labels else None, wp if labels else None, n)

    def portrait_match(self, rec: Record) -> float:
        """Portrait match of a record with the target, in [0, 1]."""
        out = _c.c_double()
        self._call("kol_value_portrait_match", handle_arg(rec, "rec", Record), _c.byref(out))
        return out.value

    def _score_call(self, records: Any, function: str, *args: Any) -> None:
        """Make a call that hands the records of @p records (a roster or a
        record, of any context; None for none) to the custom metrics: the
        views they receive belong to that object's context, which holds
        the records (a roster's records are in its context), so that an
        error of a getter carries that context's message and a clone is
        one of its objects."""
        cell = self._records_ctx
        saved = cell[0]
        cell[0] = records.ctx if records is not None else self.ctx
        try:
            self._call(function, *args)
        finally:
            cell[0] = saved

    def set_reference(self, roster: Optional[Roster]) -> None:
        """Store a reference cohort from a roster (None clears it)."""
        self._score_call(roster, "kol_value_model_set_reference",
                         handle_arg(roster, "roster", Roster, allow_none=True))

    @property
    def has_reference(self) -> bool:
        """Whether the model holds a stored reference."""
        return bool(_ffi.lib().kol_value_model_has_reference(self.ptr))

    # -- columns ---------------------------------------------------------
    def _column_code(self, key: Union[int, str]) -> int:
        if not isinstance(key, str):
            key = int_arg(key, "column")
            if key < 0:
                raise ValueError("kol: column code %d is negative" % key)
            # C reads these columns only (kol_value_score_columns()): any
            # other would be ignored silently, and the array of column
            # pointers is as long as the largest code
            n_metrics = record_metric_count()
            n_custom = self.metric_count - BUILTIN_METRICS
            if not (key < n_metrics or key == PORTRAIT_MATCH_COLUMN
                    or CUSTOM_COLUMN_BASE <= key < CUSTOM_COLUMN_BASE + n_custom):
                raise ValueError(
                    "kol: column code %d is no column of this model (metric codes 0 to %d, "
                    "%d portrait_match, %s)" % (
                        key, n_metrics - 1, PORTRAIT_MATCH_COLUMN,
                        "%d to %d its custom metrics" % (CUSTOM_COLUMN_BASE,
                                                         CUSTOM_COLUMN_BASE + n_custom - 1)
                        if n_custom else "from %d its custom metrics, none added"
                        % CUSTOM_COLUMN_BASE))
            return key
        if key == "portrait_match":
            return PORTRAIT_MATCH_COLUMN
        try:
            return metric_code(key)
        except Exception:
            pass
        names = self.metric_names()
        if key in names[BUILTIN_METRICS:]:
            return CUSTOM_COLUMN_BASE + names.index(key, BUILTIN_METRICS) - BUILTIN_METRICS
        raise ValueError("kol: unknown column %r" % key)

    def _columns(self, columns: Union[Mapping[Union[int, str], Any], Sequence[Any]],
                 n_rows: Optional[int]) -> Tuple[Any, int, int, List[Any]]:
        if isinstance(columns, Mapping):
            items = list(columns.items())
        elif isinstance(columns, (str, bytes, bytearray)) or not hasattr(columns, "__iter__"):
            raise TypeError("columns: a mapping {column: array} or a sequence of arrays "
                            "expected, got %s" % _type_name(columns))
        else:
            items = list(enumerate(columns))
        if n_rows is not None:
            n_rows = int_arg(n_rows, "n_rows", _c.c_size_t)
        coded = [(self._column_code(k), k, v) for k, v in items if v is not None]
        n_columns = max([c for c, _, _ in coded], default=-1) + 1
        arr = (_c.POINTER(_c.c_double) * max(n_columns, 1))()
        keep: List[Any] = []
        for code, key, col in coded:
            # named as the caller gave it: columns['reach'], columns[3]
            p, n, k = array_in(col, _c.c_double, "columns[%r] (column %d)" % (key, code))
            if n_rows is None:
                n_rows = n
            elif n != n_rows:
                raise ValueError("columns[%r] (column %d): %d rows, expected %d"
                                 % (key, code, n, n_rows))
            arr[code] = p
            keep.append(k)
        return arr, n_columns, (n_rows or 0), keep

    def score_columns(self, columns: Union[Mapping[Union[int, str], Any], Sequence[Any]],
                      n_rows: Optional[int] = None, out: Any = None,
                      contributions: Union[bool, Any] = False) -> Any:
        """Score N records given as columns (kol_value_score_columns()).

        Args:
            columns: {metric name or column code: array of N doubles}, or a
                sequence indexed by column code (None for an absent
                column). A column code is a record metric code (0 to
                kol.record.metric_count() - 1), :data:`PORTRAIT_MATCH_COLUMN`
                or ``CUSTOM_COLUMN_BASE + k`` for the custom sub-metric k
                of this model; any other raises ValueError (C would ignore
                it). numpy float64 arrays are passed without copying
                when C-contiguous, aligned and native-endian (else
                copied); a sequence holds N numbers, or N rows of one
                number each (anything else, such as ragged rows, raises
                ValueError naming the column and the row); NaN marks a
                missing value.
            n_rows: N (default: the length of the columns).
            out: optional caller array of N x 6 float64 to write into.
            contributions: True to also return the N x metric_count
                contributions (or a caller array to write them into).

        Returns:
            the N x 6 outputs (columns in :data:`OUTPUTS` order; a numpy
            array when numpy is importable, else a list of rows), or the
            pair (outputs, contributions) when contributions are asked.
        """
        arr, n_columns, n, keep = self._columns(columns, n_rows)
        res = OutArray(_c.c_double, n * _NOUT, out, "out")
        con = None
        if contributions is not False and contributions is not None:
            m = self.metric_count
            con = OutArray(_c.c_double, n * m,
                           None if contributions is True else contributions, "contributions")
        self._call("kol_value_score_columns", arr, n_columns, n, res.ptr,
                   con.ptr if con is not None else None)
        outputs = res.result((n, _NOUT))
        if con is None:
            return outputs
        return outputs, con.result((n, self.metric_count))

    def set_reference_columns(self, columns: Union[Mapping[Union[int, str], Any], Sequence[Any]],
                              n_rows: Optional[int] = None) -> None:
        """Store a reference cohort given as columns."""
        arr, n_columns, n, keep = self._columns(columns, n_rows)
        self._call("kol_value_model_set_reference_columns", arr, n_columns, n)

    def score_record(self, rec: Record) -> Dict[str, Any]:
        """Score one record against the stored reference: {output name:
        value, "contributions": {sub-metric name: value}}."""
        m = self.metric_count
        out = (_c.c_double * _NOUT)()
        con = (_c.c_double * m)()
        self._score_call(rec, "kol_value_score_record", handle_arg(rec, "rec", Record), out,
                         con, m)
        res: Dict[str, Any] = dict(zip(OUTPUTS, list(out)))
        res["contributions"] = dict(zip(self.metric_names(), list(con)))
        return res

    def score_roster(self, roster: Roster) -> "ValueResult":
        """Score every record of a roster and rank them."""
        rp = handle_arg(roster, "roster", Roster)
        result = ValueResult.__new__(ValueResult)
        ptr = _c.c_void_p()
        self._score_call(roster, "kol_value_score_roster", rp, _c.byref(ptr))
        result._adopt(self.ctx, ptr.value)
        result._names = self.metric_names()
        result._ids = roster.ids()
        return result


class ValueResult(Handle):
    """Scores of a roster with their ranking (``kol_value_result``)."""

    _free = "kol_value_result_free"
    _names: List[str]
    _ids: List[Optional[str]]

    def __len__(self) -> int:
        return int(_ffi.lib().kol_value_result_size(self.ptr))

    def get(self, index: int, field: Union[int, str] = "total") -> float:
        """One output ("total", "fan", ...) of the record at a roster
        position."""
        if isinstance(field, str):
            if field not in OUTPUTS:
                raise ValueError("kol: unknown value output %r" % field)
            code = OUTPUTS.index(field)
        else:
            code = field
        out = _c.c_double()
        self._call("kol_value_result_get", index, code, _c.byref(out))
        return out.value

    def row(self, index: int) -> Dict[str, float]:
        """Every output of one record."""
        return {name: self.get(index, k) for k, name in enumerate(OUTPUTS)}

    def contribution(self, index: int, metric: Union[int, str]) -> float:
        """Contribution of one sub-metric to one record's total."""
        if isinstance(metric, str):
            if metric not in self._names:
                raise ValueError("kol: unknown value sub-metric %r" % metric)
            code = self._names.index(metric)
        else:
            code = metric
        out = _c.c_double()
        self._call("kol_value_result_contribution", index, code, _c.byref(out))
        return out.value

    def contributions(self, index: int) -> Dict[str, float]:
        """Every contribution of one record, by sub-metric name."""
        return {name: self.contribution(index, k) for k, name in enumerate(self._names)}

    def rank(self, rank: int) -> int:
        """The roster position of the record at a rank (0 = best)."""
        out = _c.c_size_t()
        self._call("kol_value_result_rank", rank, _c.byref(out))
        return int(out.value)

    def ranking(self) -> List[Tuple[Optional[str], float]]:
        """(id, total) of every record, best first."""
        out = []
        for r in range(len(self)):
            i = self.rank(r)
            out.append((self._ids[i] if i < len(self._ids) else None, self.get(i)))
        return out
