"""The PySide6 desktop shell (the only package that imports Qt).

Importing it first applies ``_immortal_singletons``: PySide6 6.12 wheels assume Python
3.12+ "immortal" objects (PEP 683) and return ``None``/``True``/``False`` without taking
a reference, so on Python 3.11 every call of a void Qt method drops one reference to
``None`` and the interpreter aborts ("none_dealloc") after a few thousand calls. Giving
those singletons a huge reference count reproduces what Python 3.12 does natively.
The lasting fix is Python >= 3.12 or a PySide6 release that handles 3.11.
"""

from __future__ import annotations

import ctypes
import platform
import sys

_HEADROOM = 1 << 40


def _immortal_singletons() -> None:
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return  # already immortal (PEP 683), or not CPython's object layout
    for singleton in (None, True, False, Ellipsis, NotImplemented):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is PyObject's first field
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM


_immortal_singletons()
