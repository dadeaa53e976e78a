"""Low-level layer: find and load libkol, and type every function from the
shared declaration file ``kol_cdef.h`` (generated from the public headers by
bindings/gen_cdef.py; the same file feeds LuaJIT's ``ffi.cdef``).

Nothing here is specific to one module: the signatures are read from the
declaration file, so a new C function is callable as ``lib().kol_xxx`` as
soon as the file is regenerated.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

__all__ = [
    "CDEF_PATH",
    "Declarations",
    "declarations",
    "lib",
    "load_library",
    "library_path",
]

CDEF_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kol_cdef.h")

_SCALARS: Dict[str, Any] = {
    "char": ctypes.c_char,
    "int": ctypes.c_int,
    "unsigned": ctypes.c_uint,
    "double": ctypes.c_double,
    "size_t": ctypes.c_size_t,
    "int8_t": ctypes.c_int8,
    "uint8_t": ctypes.c_uint8,
    "int16_t": ctypes.c_int16,
    "uint16_t": ctypes.c_uint16,
    "int32_t": ctypes.c_int32,
    "uint32_t": ctypes.c_uint32,
    "int64_t": ctypes.c_int64,
    "uint64_t": ctypes.c_uint64,
}


class Declarations:
    """What the declaration file declares: constants (enumerators and
    macros), opaque types, callback types and function signatures."""

    def __init__(self, text: str) -> None:
        self.constants: Dict[str, Union[int, float]] = {}
        self.enums: Dict[str, Dict[str, int]] = {}
        self.opaque: set = set()
        self.callbacks: Dict[str, Any] = {}
        self.functions: Dict[str, Tuple[Any, List[Any]]] = {}
        #: the parameter names of every function, in order
        self.param_names: Dict[str, List[str]] = {}
        self._parse(text)

    # -- parsing ---------------------------------------------------------
    def _parse(self, text: str) -> None:
        lines = text.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            i += 1
            if not line:
                continue
            m = re.match(r"/\* constant (\w+) (\S+) \*/$", line)
            if m:
                v = m.group(2)
                self.constants[m.group(1)] = float(v) if re.search(r"[.eE]", v) else int(v)
                continue
            if line.startswith("/*") or line.startswith("*"):
                continue
            m = re.match(r"(typedef )?enum(?: (\w+))? \{$", line)
            if m:
                members: Dict[str, int] = {}
                while not lines[i].strip().startswith("}"):
                    e = re.match(r"\s*(\w+) = (-?\d+),?$", lines[i])
                    if not e:
                        raise ValueError("kol_cdef.h: cannot read enumerator %r" % lines[i])
                    members[e.group(1)] = int(e.group(2))
                    i += 1
                end = re.match(r"\}\s*(\w*)\s*;", lines[i].strip())
                i += 1
                name = (end.group(1) if end and end.group(1) else m.group(2)) or ""
                if name:
                    self.enums[name] = members
                self.constants.update(members)
                continue
            m = re.match(r"typedef struct (\w+) (\w+);$", line)
            if m:
                self.opaque.add(m.group(2))
                continue
            m = re.match(r"typedef (.+?)\(\*(\w+)\)\((.*)\);$", line)
            if m:
                restype = self._type(m.group(1), result=True)
                args = self._params(m.group(3))
                self.callbacks[m.group(2)] = ctypes.CFUNCTYPE(restype, *args)
                continue
            m = re.match(r"(.+?)\b(kol_\w+)\((.*)\);$", line)
            if m:
                self.functions[m.group(2)] = (self._type(m.group(1), result=True),
                                              self._params(m.group(3)))
                self.param_names[m.group(2)] = self._names(m.group(3))
                continue
            raise ValueError("kol_cdef.h: cannot read declaration %r" % line)

    def _params(self, text: str) -> List[Any]:
        text = text.strip()
        if text in ("", "void"):
            return []
        return [self._type(p, param=True) for p in text.split(",")]

    @staticmethod
    def _names(text: str) -> List[str]:
        text = text.strip()
        if text in ("", "void"):
            return []
        return [(re.findall(r"\w+", p) or ["?"])[-1] for p in text.split(",")]

    def _type(self, decl: str, result: bool = False, param: bool = False) -> Any:
        tokens = re.findall(r"\w+|\*", decl)
        depth = tokens.count("*")
        words = [t for t in tokens if t not in ("*", "const")]
        if param and len(words) > 1:
            words = words[:-1]          # drop the parameter's name
        base = " ".join(words)
        if base == "void" and depth == 0:
            return None
        if base in self.enums:
            base = "int"
        if depth == 0:
            if base in self.callbacks:
                # As a parameter, a plain pointer: ctypes refuses None for a
                # CFUNCTYPE argument, and c_void_p takes both.
                return ctypes.c_void_p if param else self.callbacks[base]
            if base in _SCALARS:
                return _SCALARS[base]
            raise ValueError("kol_cdef.h: unknown type %r" % decl)
        if base in self.opaque or base == "void":
            inner = ctypes.c_void_p
        elif base == "char":
            inner = ctypes.c_char_p
        elif base in _SCALARS:
            inner = ctypes.POINTER(_SCALARS[base])
        else:
            raise ValueError("kol_cdef.h: unknown type %r" % decl)
        for _ in range(depth - 1):
            inner = ctypes.POINTER(inner)
        return inner


_decl_lock = threading.Lock()
_decls: Optional[Declarations] = None
_lib: Optional[ctypes.CDLL] = None
_lib_path: Optional[str] = None


def declarations() -> Declarations:
    """The parsed declaration file (read once)."""
    global _decls
    with _decl_lock:
        if _decls is None:
            with open(CDEF_PATH, encoding="utf-8") as f:
                _decls = Declarations(f.read())
        return _decls


def _candidates(path: Optional[str]) -> List[str]:
    if path:
        return [path]
    env = os.environ.get("KOL_LIBRARY")
    if env:
        return [env]
    found = ctypes.util.find_library("kol")
    names = [found] if found else []
    return names + ["libkol.so.1", "libkol.so", "libkol.dylib", "kol.dll"]


def load_library(path: Optional[str] = None) -> ctypes.CDLL:
    """Load libkol and type its functions.

    The library is looked for, in this order: the explicit @p path; the
    ``KOL_LIBRARY`` environment variable; the system (``ctypes.util.
    find_library("kol")`` and the SONAME ``libkol.so.1``).

    Call it before making any object to choose the library; later calls
    with another path raise ``RuntimeError`` (objects of two libraries
    must not meet).

    Args:
        path: the shared library file, or None to search.

    Returns:
        the loaded library, with ``argtypes`` and ``restype`` set on every
        function of the declaration file that it exports.

    Raises:
        OSError: when no candidate could be loaded.
        RuntimeError: when another library is already loaded.
    """
    global _lib, _lib_path
    decls = declarations()
    with _decl_lock:
        if _lib is not None:
            if path and os.path.realpath(path) != os.path.realpath(_lib_path or ""):
                raise RuntimeError("kol: a library is already loaded from %s" % _lib_path)
            return _lib
        errors = []
        for cand in _candidates(path):
            try:
                handle = ctypes.CDLL(cand)
            except OSError as e:
                errors.append("%s: %s" % (cand, e))
                continue
            missing = []
            for name, (restype, argtypes) in decls.functions.items():
                try:
                    fn = getattr(handle, name)
                except AttributeError:
                    missing.append(name)
                    continue
                fn.restype = restype
                fn.argtypes = argtypes
            handle.kol_missing_symbols = missing  # type: ignore[attr-defined]
            _lib, _lib_path = handle, cand
            return handle
        raise OSError("kol: cannot load libkol (set KOL_LIBRARY or pass a path): "
                      + "; ".join(errors))


def lib() -> ctypes.CDLL:
    """The loaded library (loaded on first use, see load_library())."""
    return _lib if _lib is not None else load_library()


def library_path() -> Optional[str]:
    """Where the loaded library came from (None before loading)."""
    return _lib_path


def enum_table(enum: str, prefix: str) -> Dict[str, int]:
    """The members of a C enum by short lower-case name: for
    ``enum_table("kol_traffic_param", "KOL_TRAFFIC_PARAM_")``,
    ``{"step": 0, "cumulative": 1, ...}``. Read from the declaration file,
    so a parameter added to a header reaches the binding when the file is
    regenerated."""
    members = declarations().enums[enum]
    return {name[len(prefix):].lower(): code for name, code in members.items()
            if name.startswith(prefix)}


def callback_type(name: str) -> Callable[..., Any]:
    """The ctypes function type of a callback typedef (e.g.
    ``kol_progress_fn``)."""
    return declarations().callbacks[name]
