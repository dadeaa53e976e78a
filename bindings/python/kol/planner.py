"""Portfolio planner (kol/planner.h): choose KOLs under a budget."""

from __future__ import annotations

import ctypes as _c
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _ffi
from ._core import (Context, Handle, array_in, ccall, check_status, handle_array, int_arg,
                    num_arg, text_out)
from .sketch import Sketch

__all__ = ["Planner", "Plan", "Pick", "Rejection", "PARAMS", "OBJECTIVES",
           "CHOICES", "reason_name", "param_bounds"]

PARAMS: Dict[str, int] = _ffi.enum_table("kol_planner_param", "KOL_PLAN_PARAM_")
OBJECTIVES: Dict[str, int] = _ffi.enum_table("kol_planner_objective",
                                                "KOL_PLAN_OBJECTIVE_")
CHOICES: Dict[str, int] = _ffi.enum_table("kol_planner_choice", "KOL_PLAN_CHOICE_")
METHODS = {v: k for k, v in _ffi.enum_table("kol_planner_method", "KOL_PLAN_METHOD_").items()}


def _code(table: Dict[str, int], v: Union[int, str], what: str) -> int:
    if isinstance(v, str):
        try:
            return table[v]
        except KeyError:
            raise ValueError("kol: unknown %s %r" % (what, v)) from None
    return int_arg(v, what)


def reason_name(code: int) -> Optional[str]:
    """Name of a rejection reason code."""
    return text_out(ccall("kol_plan_reason_name", code))


def param_bounds(param: Union[int, str]) -> Tuple[float, float, float]:
    """(min, max, default) of a planner parameter."""
    lo, hi, de = _c.c_double(), _c.c_double(), _c.c_double()
    check_status(ccall("kol_plan_param_bounds", _code(PARAMS, param, "planner parameter"),
                       _c.byref(lo), _c.byref(hi), _c.byref(de)),
                 "kol_plan_param_bounds")
    return lo.value, hi.value, de.value


class Pick(NamedTuple):
    candidate: int
    marginal_gain: float


class Rejection(NamedTuple):
    candidate: int
    reason: str
    marginal_gain: float


class Planner(Handle):
    """A portfolio planner (``kol_planner``).

    Args:
        ctx: the context.
        budget: optional budget to set.
        objective: optional objective ("value", "conversions", "reach").
    """

    _free = "kol_planner_free"

    def __init__(self, ctx: Context, budget: Optional[float] = None,
                 objective: Optional[Union[int, str]] = None) -> None:
        self._new(ctx, "kol_planner_new")
        if budget is not None:
            self.set_param("budget", budget)
        if objective is not None:
            self.set_param("objective", _code(OBJECTIVES, objective, "objective"))

    def set_param(self, param: Union[int, str], value: Union[float, str]) -> None:
        """Set a parameter ("budget", "objective", ...) to a number. The
        objective may also be given by name ("value", "conversions",
        "reach").

        Raises:
            TypeError: naming the parameter, for a value that is no number
                (text included, for any parameter but the objective).
            ValueError: for an unknown objective name."""
        code = _code(PARAMS, param, "planner parameter")
        if isinstance(value, str) and code == PARAMS["objective"]:
            self._call("kol_planner_set_param", code, _code(OBJECTIVES, value, "objective"))
            return
        names = {v: k for k, v in PARAMS.items()}
        name = names.get(code, "parameter %d" % code)
        if isinstance(value, str):
            raise TypeError("%s: number expected, got str (a name is taken for the objective "
                            "only)" % name)
        self._call("kol_planner_set_param", code, num_arg(value, name))

    def get_param(self, param: Union[int, str]) -> float:
        """Read a parameter."""
        out = _c.c_double()
        self._call("kol_planner_get_param", _code(PARAMS, param, "planner parameter"),
                   _c.byref(out))
        return out.value

    def set_candidates(self, cost: Any, value: Any = None, conversions: Any = None,
                       tier: Any = None, platform: Any = None, category: Any = None) -> None:
        """Replace the candidates (arrays are copied by the library)."""
        cp, n, k0 = array_in(cost, _c.c_double, "cost")
        args = [cp]
        keep: List[Any] = [k0]
        for arr, ct, name in ((value, _c.c_double, "value"),
                              (conversions, _c.c_double, "conversions"),
                              (tier, _c.c_int32, "tier"), (platform, _c.c_int32, "platform"),
                              (category, _c.c_int32, "category")):
            p, m, k = array_in(arr, ct, name, allow_none=True)
            if p is not None and m != n:
                raise ValueError("%s: %d values for %d candidates" % (name, m, n))
            args.append(p)
            keep.append(k)
        self._call("kol_planner_set_candidates", *args, n)

    def set_audiences(self, sketches: Sequence[Sketch]) -> None:
        """The audience sketch of every candidate (reach objective)."""
        arr, n = handle_array(sketches, "sketches", Sketch)
        self._call("kol_planner_set_audiences", arr, n)

    def set_choice(self, index: int, choice: Union[int, str]) -> None:
        """Require ("require"), exclude ("exclude") or free a candidate."""
        self._call("kol_planner_set_choice", index, _code(CHOICES, choice, "choice"))

    def set_tier_limit(self, tier: int, min: int = 0, max: int = 0xFFFFFFFF) -> None:
        """Bound the number of chosen candidates of a tier code."""
        self._call("kol_planner_set_tier_limit", tier, min, max)

    def set_platform_share(self, platform: int, min_share: float = 0.0,
                           max_share: float = 1.0) -> None:
        """Bound the spend on a platform code as shares of the budget."""
        self._call("kol_planner_set_platform_share", platform, num_arg(min_share, "min_share"),
                   num_arg(max_share, "max_share"))

    def set_category_max(self, category: int, max: int) -> None:
        """Limit the number of chosen candidates of a category code."""
        self._call("kol_planner_set_category_max", category, max)

    def clear_constraints(self) -> None:
        """Forget every limit and free every candidate."""
        self._call("kol_planner_clear_constraints")

    def run(self) -> "Plan":
        """Choose the candidates (progress through the context)."""
        plan = Plan.__new__(Plan)
        out = _c.c_void_p()
        self._call("kol_planner_run", _c.byref(out))
        plan._adopt(self.ctx, out.value)
        return plan


class Plan(Handle):
    """A plan (``kol_plan``): the chosen candidates, in pick order."""

    _free = "kol_plan_free"

    def __len__(self) -> int:
        return int(_ffi.lib().kol_plan_size(self.ptr))

    spend = property(lambda self: float(_ffi.lib().kol_plan_spend(self.ptr)),
                     doc="Total cost of the chosen candidates.")
    objective = property(lambda self: float(_ffi.lib().kol_plan_objective(self.ptr)),
                         doc="Objective reached.")
    guarantee = property(lambda self: float(_ffi.lib().kol_plan_guarantee(self.ptr)),
                         doc="Guaranteed fraction of the optimum (0: none claimed).")
    depth = property(lambda self: int(_ffi.lib().kol_plan_depth(self.ptr)),
                     doc="Partial-enumeration depth used.")
    method = property(lambda self: METHODS.get(int(_ffi.lib().kol_plan_method(self.ptr)), "?"),
                      doc='"exact" or "greedy".')
    objective_name = property(
        lambda self: {v: k for k, v in OBJECTIVES.items()}.get(
            int(_ffi.lib().kol_plan_objective_code(self.ptr)), "?"),
        doc='The objective maximized: "value", "conversions" or "reach".')

    def picks(self) -> List[Pick]:
        """The chosen candidates with their marginal gains."""
        out = []
        cand, gain = _c.c_size_t(), _c.c_double()
        for i in range(len(self)):
            self._call("kol_plan_pick", i, _c.byref(cand), _c.byref(gain))
            out.append(Pick(int(cand.value), gain.value))
        return out

    @property
    def candidates(self) -> List[int]:
        """Indices of the chosen candidates, in pick order."""
        return [p.candidate for p in self.picks()]

    def rejected(self) -> List[Rejection]:
        """The best rejected candidates with the reason of each."""
        out = []
        cand, reason, gain = _c.c_size_t(), _c.c_int32(), _c.c_double()
        for i in range(int(_ffi.lib().kol_plan_rejected_count(self.ptr))):
            self._call("kol_plan_rejected", i, _c.byref(cand), _c.byref(reason), _c.byref(gain))
            out.append(Rejection(int(cand.value), reason_name(reason.value) or "?", gain.value))
        return out
