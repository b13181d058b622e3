"""Reply deadlines (条例第三十三条): 20 working days from receipt, one extension of 20 more.

The day of receipt is not counted: the deadline is the 20th working day after it (the 40th
with the extension), so an application received on a weekend or holiday starts counting on
the next working day. Working days follow :class:`~nianbao.ledger.calendar.WorkCalendar`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nianbao.ledger.calendar import WorkCalendar
from nianbao.ledger.register import Application

TIME_LIMIT = 20  # working days, 条例第三十三条第二款
EXTENSION = 20  # at most, once, 条例第三十三条第二款
SOON = 5  # working days left that count as "due soon"


@dataclass(frozen=True)
class Deadline:
    """An application's deadline and status on ``as_of``: overdue, due_soon, late (answered
    after the deadline), open or answered. ``days_left`` counts working days (negative when past)."""

    id: str
    row: int
    received: dt.date
    due: dt.date
    extended: bool
    replied: dt.date | None
    status: str
    days_left: int

    def as_dict(self) -> dict:
        return {
            "id": self.id, "row": self.row, "received": self.received.isoformat(), "due": self.due.isoformat(),
            "extended": self.extended, "replied": self.replied.isoformat() if self.replied else None,
            "status": self.status, "days_left": self.days_left,
        }


def due_date(app: Application, cal: WorkCalendar) -> dt.date:
    return cal.add_workdays(app.received, TIME_LIMIT + (EXTENSION if app.extended else 0))


def deadline(app: Application, as_of: dt.date, cal: WorkCalendar, soon: int = SOON) -> Deadline:
    due = due_date(app, cal)
    if app.replied is not None:
        late = app.replied > due
        status = "late" if late else "answered"
        left = -cal.workdays_between(due, app.replied) if late else 0
    else:
        left = cal.workdays_between(as_of, due)
        status = "overdue" if as_of > due else ("due_soon" if left <= soon else "open")
    return Deadline(app.id, app.row, app.received, due, app.extended, app.replied, status, left)


def watch_list(apps: list[Application], as_of: dt.date, cal: WorkCalendar, soon: int = SOON,
               year: int | None = None) -> list[Deadline]:
    """Open applications that are overdue or due within ``soon`` working days on ``as_of``, and
    applications answered late (in ``year`` when given), most urgent first."""
    out = []
    for a in apps:
        if a.received > as_of:
            continue
        if a.replied is not None and (a.replied > as_of or (year is not None and a.replied.year != year)):
            continue
        d = deadline(a, as_of, cal, soon)
        if d.status in ("overdue", "due_soon", "late"):
            out.append(d)
    order = {"overdue": 0, "due_soon": 1, "late": 2}
    return sorted(out, key=lambda d: (order[d.status], d.due, d.id))
