"""Old names kept working, with a warning: what a caller may already have written."""

from __future__ import annotations

import warnings
from typing import TypeVar

__all__ = ["renamed_argument"]

T = TypeVar("T")

_UNSET = object()


def renamed_argument(function: str, old: str, new: str, old_value: object,
                     new_value: T, default: T) -> T:
    """The value of argument ``new`` of ``function``, where a caller may still pass it
    as ``old`` (a :class:`DeprecationWarning` says so); both at once is a mistake.

    ``old_value`` is None when the old name was not used; ``new_value`` is ``default``
    when the new one was not.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as said:
    ...     warnings.simplefilter("always")
    ...     renamed_argument("blast_radius", "failed", "initial", ["dns"], None, None)
    ['dns']
    >>> print(said[0].message)
    blast_radius(failed=...) is now blast_radius(initial=...)
    """
    if old_value is None:
        return new_value
    if new_value is not default:
        raise TypeError(f"{function}() got both {new}= and {old}=, its old name")
    warnings.warn(f"{function}({old}=...) is now {function}({new}=...)", DeprecationWarning,
                  stacklevel=3)
    return old_value  # type: ignore[return-value]
