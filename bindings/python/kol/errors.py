"""Exceptions: every non-zero ``kol_status`` becomes a :class:`KolError`
subclass carrying the status, its static name and the context's message.

One class per family of statuses, each also deriving from the built-in
exception a Python user would expect (``ValueError``, ``LookupError``,
``MemoryError``...), so ``except ValueError`` works as well as
``except kol.DomainError``.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "KolError",
    "NoMemoryError",
    "InvalidArgumentError",
    "DomainError",
    "NotFoundError",
    "UnknownNameError",
    "ConflictError",
    "CallbackError",
    "CancelledError",
    "StateError",
    "DataError",
    "error_class",
]


class KolError(Exception):
    """A libkol call failed.

    Attributes:
        status: the ``kol_status`` code (an int).
        name: the library's static name of the status.
        message: the context's message (what was wrong and where).
        callback_code: for CALLBACK / CANCELLED, the code the host callback
            returned (kol_ctx_callback_code()); else 0.
    """

    def __init__(self, status: int, name: str, message: str,
                 callback_code: int = 0, function: Optional[str] = None) -> None:
        self.status = status
        self.name = name
        self.message = message
        self.callback_code = callback_code
        self.function = function
        text = message or name
        if function and not text.startswith(function):
            text = "%s: %s" % (function, text)
        super().__init__(text)

    def __reduce__(self):  # pickle with all fields
        return (type(self), (self.status, self.name, self.message,
                             self.callback_code, self.function))


class NoMemoryError(KolError, MemoryError):
    """KOL_STATUS_NOMEM: an allocation failed; nothing was changed."""


class InvalidArgumentError(KolError, ValueError):
    """INVALID_ARGUMENT, BAD_TEXT, TOO_LARGE, UNKNOWN_ENUM: an argument the
    library cannot accept."""


class DomainError(KolError, ValueError):
    """NOT_FINITE, OUT_OF_RANGE: a number outside its documented domain."""


class NotFoundError(KolError, LookupError):
    """MISSING, NOT_FOUND: the value or object asked for is absent."""


class UnknownNameError(NotFoundError, ValueError):
    """An unknown record metric, traffic channel or follower feature name
    (the library's lookup returns NOT_FOUND): a ``ValueError`` like every
    unknown name the binding refuses (of a goal, a parameter...), and a
    :class:`NotFoundError` (``LookupError``) as these lookups always
    raised. Its text names the kind of name and the name, and lists the
    names known: ``kol: unknown metric 'folowers'; did you mean
    'followers'? (metrics: followers, ...)``."""

    def __init__(self, status: int, name: str, message: str,
                 callback_code: int = 0, function: Optional[str] = None) -> None:
        # the text is the message alone, as for the other unknown names
        super().__init__(status, name, message, callback_code)
        self.function = function


class ConflictError(KolError, ValueError):
    """DUPLICATE, MISMATCH: objects or identifiers that clash."""


class CallbackError(KolError):
    """CALLBACK: a host callback returned non-zero and stopped the call.

    When the callback was a Python function that raised, the Python
    exception itself is raised instead, with this error as its
    ``__cause__``."""


class CancelledError(CallbackError):
    """CANCELLED: the progress callback cancelled the operation."""


class StateError(KolError, RuntimeError):
    """EMPTY, BAD_STATE, ORDER, INFEASIBLE: the input or the object's state
    does not allow the call."""


class DataError(KolError, ValueError):
    """CORRUPT, VERSION: serialized bytes that cannot be read."""


_BY_STATUS: Dict[int, Type[KolError]] = {
    1: NoMemoryError,
    2: InvalidArgumentError,
    3: DomainError,
    4: DomainError,
    5: NotFoundError,
    6: NotFoundError,
    7: ConflictError,
    8: CallbackError,
    9: CancelledError,
    10: InvalidArgumentError,
    11: InvalidArgumentError,
    12: InvalidArgumentError,
    13: StateError,
    14: StateError,
    15: DataError,
    16: DataError,
    17: ConflictError,
    18: StateError,
    19: StateError,
}


def error_class(status: int) -> Type[KolError]:
    """The exception class raised for a status (KolError for a status this
    binding does not know)."""
    return _BY_STATUS.get(status, KolError)
