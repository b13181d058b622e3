"""Page progress of slow readers (OCR), for whoever runs a parse in the background.

The reader cannot know who is waiting, so the caller sets a callback for the duration of a
parse and the OCR reader reports each page to it:

>>> with reporting_pages(lambda done, total: print(f"{done}/{total}")):
...     nianbao.parse("scan.pdf")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PageCallback = Callable[[int, int], None]
_page_callback: ContextVar[PageCallback | None] = ContextVar("nianbao_page_progress", default=None)


@contextmanager
def reporting_pages(callback: PageCallback) -> Iterator[None]:
    """Call ``callback(done, total)`` after each page a reader recognises inside this block."""
    token = _page_callback.set(callback)
    try:
        yield
    finally:
        _page_callback.reset(token)


def page_done(done: int, total: int) -> None:
    """Readers call this after each slow page."""
    cb = _page_callback.get()
    if cb is not None:
        cb(done, total)
