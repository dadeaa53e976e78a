"""Python binding of libkol, the C library for influencer (KOL) marketing
analytics.

A thin ctypes layer: no compiled extension; the C library does the work.
Signatures come from the declaration file ``kol_cdef.h`` generated from the
public C headers (the LuaJIT binding reads the same file).

The library is found through :func:`load_library` (an explicit path), the
``KOL_LIBRARY`` environment variable, or the system's library path.

Quick start::

    import kol
    with kol.Context() as ctx:
        roster = kol.Roster(ctx)
        roster.fill([{"id": "a", "followers": 12000, "avg_likes": 900},
                     {"id": "b", "followers": 800000, "avg_likes": 9000}])
        model = kol.ValueModel(ctx, goal="balanced")
        result = model.score_roster(roster)
        print(result.ranking())

Every failing call raises a :class:`KolError` subclass carrying the
library's message; every object has ``close()``, is a context manager and
is freed when garbage-collected.
"""

from __future__ import annotations

from . import errors
from ._core import Context, Handle, have_numpy, status_str, version, version_string
from ._ffi import declarations, library_path, load_library
from .errors import (CallbackError, CancelledError, ConflictError, DataError,
                     DomainError, InvalidArgumentError, KolError, NoMemoryError,
                     NotFoundError, StateError, UnknownNameError)
from .record import Record, metric_bounds, metric_code, metric_count, metric_name
from .roster import READ_END, READ_RECORD, READ_SKIP, Roster
from .cost import CostHistory, Quote
from .roi import Delivery, Roi, RoiReport
from .sketch import OverlapMatrix, Sketch, overlap_matrix, union_estimate
from .planner import Plan, Planner
from .value import ValueModel, ValueResult
from .tier import Tiers, tier_by_quantiles
from .traffic import SlotBlock, SlotResult, Traffic
from .sanity import Sanity
from .audience_quality import Audience

__version__ = "0.1.0"

__all__ = [
    "Audience", "CallbackError", "CancelledError", "ConflictError", "Context",
    "CostHistory", "DataError", "Delivery", "DomainError", "Handle",
    "InvalidArgumentError", "KolError", "NoMemoryError", "NotFoundError",
    "OverlapMatrix", "Plan", "Planner", "Quote", "READ_END", "READ_RECORD", "READ_SKIP",
    "Record", "Roi", "RoiReport", "Roster", "Sanity", "Sketch", "SlotBlock", "SlotResult",
    "StateError", "Tiers", "Traffic", "UnknownNameError", "ValueModel", "ValueResult",
    "constants", "declarations", "errors", "have_numpy", "library_path",
    "load_library", "metric_bounds", "metric_code", "metric_count",
    "metric_name", "overlap_matrix", "status_str", "tier_by_quantiles", "union_estimate",
    "version", "version_string",
]


def constants() -> dict:
    """Every enumerator and numeric macro of the C headers, by its C name
    (``kol.constants()["KOL_METRIC_FOLLOWERS"]``)."""
    return dict(declarations().constants)
