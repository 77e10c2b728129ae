"""Fewer garbage collections during bulk work (rendering certificates, importing rosters).

WeasyPrint's layout and a 5,000-row roster each allocate hundreds of thousands
of small objects; with Django and Wagtail loaded, every full collection walks
a large heap (it took a quarter of an import), so while such work runs the
collector runs less often (gc.freeze() measured slower here). One state for
the whole process, so overlapping uses in threads restore it once, at the end.
"""

import contextlib
import gc
import threading

GC_THRESHOLD = (100_000, 50, 100)

_lock = threading.Lock()
_state = {"depth": 0, "threshold": None}


@contextlib.contextmanager
def fewer_collections():
    """Cheaper garbage collection inside the block; the outermost of overlapping
    uses (threads, nesting) restores the collector."""
    with _lock:
        if _state["depth"] == 0:
            _state["threshold"] = gc.get_threshold()
            gc.set_threshold(*GC_THRESHOLD)
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0:
                gc.set_threshold(*_state["threshold"])
