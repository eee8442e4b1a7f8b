"""Handing freed memory back to the system while a big file is read, so that a client's file costs its
size a few times over and no more: pyarrow's cells come from jemalloc returning freed pages at once (its
default pool keeps them for reuse), and glibc is asked to trim what numpy and pandas freed."""
from __future__ import annotations

import ctypes
import functools

import pyarrow as pa

try:
    pa.set_memory_pool(pa.jemalloc_memory_pool())
    pa.jemalloc_set_decay_ms(0)
except NotImplementedError:  # a pyarrow built without jemalloc keeps its default pool
    pass

try:  # glibc keeps small freed blocks (a batch's temporaries) unless asked to hand them back
    release_freed_memory = functools.partial(ctypes.CDLL("libc.so.6").malloc_trim, 0)
except (OSError, AttributeError):
    def release_freed_memory() -> None:
        """Not glibc: nothing to hand back."""
