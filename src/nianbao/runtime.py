"""Process settings for batch runs: many documents parsed one after another in one process."""

from __future__ import annotations

import gc

_settled = False
YOUNG_THRESHOLD = 10_000


def settle() -> None:
    """Take everything alive now (imported modules, loaded templates, warm caches) out of the
    garbage collector's generations, once per process.

    Parsing allocates hundreds of thousands of short-lived objects per second; every full
    collection would otherwise walk the whole import graph again, which costs about a tenth
    of the parse time. Objects allocated afterwards are collected as usual; those alive now
    never are, even if they later become garbage. The youngest generation is also collected
    less often (YOUNG_THRESHOLD). So only a process nianbao owns calls it
    (the CLI's batch commands, ingest's worker processes), after its first document, when
    the readers in use are imported and the caches warm; a program that merely imports
    nianbao keeps its heap as it is.
    """
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    # A report allocates tens of thousands of objects that reference counting frees as soon
    # as the report is dropped; collecting the youngest generation every 700 allocations
    # (the default) mostly rescans the report under way. Every 10,000 parses about 5 %
    # faster; the rare garbage in reference cycles waits a little longer.
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
