"""The register of applications: Table 3 for a year, and reply deadlines.

>>> from nianbao.ledger import load_register, table3, watch_list, WorkCalendar
>>> apps = load_register("applications.csv")
>>> cells = table3(apps, 2025, "2021")          # leaf cells of Table 3
>>> late = watch_list(apps, as_of, WorkCalendar())
"""

from nianbao.ledger.calendar import CalendarError, WorkCalendar
from nianbao.ledger.deadlines import Deadline, deadline, due_date, watch_list
from nianbao.ledger.register import Application, load_register
from nianbao.ledger.table3 import table3, table3_cells

__all__ = [
    "Application", "load_register", "table3", "table3_cells", "WorkCalendar", "CalendarError", "Deadline", "deadline", "due_date",
    "watch_list",
]
