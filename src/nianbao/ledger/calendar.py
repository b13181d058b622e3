"""Working days in China: weekends, public holidays and 调休 working weekends.

Years come, in order, from files the user names, from chinesecalendar, and from the override
file shipped with nianbao (``nianbao/data/holidays-override.yaml``) for years the installed
chinesecalendar lacks. A date in a year none of them knows raises :class:`CalendarError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from nianbao.errors import NianbaoError

OVERRIDE = "holidays-override.yaml"


class CalendarError(NianbaoError):
    """No holiday schedule is known for a year."""


@dataclass
class YearDays:
    holidays: set[dt.date] = field(default_factory=set)
    workdays: set[dt.date] = field(default_factory=set)


def _days(items, source: str, year: int) -> set[dt.date]:
    out: set[dt.date] = set()
    for item in items or []:
        text = str(item)
        try:
            if ".." in text:
                a, b = (dt.date.fromisoformat(x.strip()) for x in text.split(".."))
                out.update(a + dt.timedelta(days=k) for k in range((b - a).days + 1))
            else:
                out.add(item if isinstance(item, dt.date) else dt.date.fromisoformat(text))
        except ValueError:
            raise CalendarError(f"{source}: {year} 年的日期 {text!r} 无效 (invalid date)") from None
    return out


def parse_schedule(text: str, source: str) -> dict[int, YearDays]:
    """A holiday file (the override file's format) -> {year: YearDays}."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        raise CalendarError(f"{source}: 不是有效的 YAML (invalid YAML)") from None
    if not isinstance(data, dict):
        raise CalendarError(f"{source}: 顶层应为 年份: 安排 (must map years to schedules)")
    out = {}
    for year, spec in data.items():
        if not isinstance(year, int) or not isinstance(spec, dict):
            raise CalendarError(f"{source}: {year!r} 应为年份及其 holidays / workdays (year -> schedule)")
        out[year] = YearDays(_days(spec.get("holidays"), source, year), _days(spec.get("workdays"), source, year))
    return out


def shipped_schedule() -> dict[int, YearDays]:
    text = resources.files("nianbao").joinpath(f"data/{OVERRIDE}").read_text("utf-8")
    return parse_schedule(text, OVERRIDE)


class WorkCalendar:
    """Answers whether a date is a working day and counts working days."""

    def __init__(self, files: list[str | Path] = (), use_chinesecalendar: bool = True):
        self.user: dict[int, YearDays] = {}
        for f in files:
            p = Path(f)
            try:
                text = p.read_text("utf-8")
            except OSError as e:
                raise CalendarError(f"{f}: 无法读取节假日文件：{e.strerror} (cannot read)") from None
            self.user.update(parse_schedule(text, str(f)))
        self.shipped = shipped_schedule()
        self.use_chinesecalendar = use_chinesecalendar

    def is_workday(self, day: dt.date) -> bool:
        sched = self.user.get(day.year)
        if sched is None and self.use_chinesecalendar:
            import chinese_calendar

            try:
                return chinese_calendar.is_workday(day)
            except NotImplementedError:
                pass
        sched = sched or self.shipped.get(day.year)
        if sched is None:
            raise CalendarError(
                f"不知道 {day.year} 年的法定节假日和调休安排：chinesecalendar 与 nianbao 自带的 {OVERRIDE} 都没有该年，"
                f"请升级 chinesecalendar 或用 --holidays 指定节假日文件 (no holiday schedule for {day.year})"
            )
        if day in sched.holidays:
            return False
        return day in sched.workdays or day.weekday() < 5

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself is not counted)."""
        day = start
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after ``a`` up to and including ``b`` (negative when ``b`` is before ``a``)."""
        if b < a:
            return -self.workdays_between(b, a)
        return sum(1 for k in range(1, (b - a).days + 1) if self.is_workday(a + dt.timedelta(days=k)))
