"""The register of applications: Table 3 for a year, deadlines with Chinese holidays, bad rows.

The expected values in fixtures/ledger/register-2025.expected.yaml were counted by hand:
A01 received Fri 2024-12-20: Dec 23-31 give 7 working days, 元旦 (1 Jan) is off, Jan 2-20 give
13 more: due Mon 2025-01-20. A02 received Mon 2025-01-20: Jan 21-24 (4), Sun 26 (调休, 5),
Mon 27 (6), 春节 28 Jan-4 Feb off, Feb 5-7 (9), Sat 8 (调休, 10), Feb 10-21 (20): due Fri
2025-02-21. A03 received Sat 2025-01-04: counting starts Mon 6 Jan; due Fri 2025-02-07, answered
on Sat 8 Feb (a 调休 working day) one working day late. A04 (extended to 40 days) received
Mon 2025-09-15: Sun 28 Sep and Sat 11 Oct are working days, 国庆 1-8 Oct is off; day 20 is
Fri 2025-10-17 and day 40 Fri 2025-11-14. A05 received Mon 2025-12-15: Dec 16-31 (12), 2026
元旦 1-3 Jan off, Sun 4 Jan (调休, 13), Jan 5-13 (20): due Tue 2026-01-13.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nianbao.errors import InputError
from nianbao.ledger import CalendarError, WorkCalendar, due_date, load_register, table3, table3_cells, watch_list
from nianbao.ledger.calendar import shipped_schedule

FIX = Path(__file__).parent / "fixtures" / "ledger"
REGISTER = FIX / "register-2025.csv"
EXPECTED = yaml.safe_load((FIX / "register-2025.expected.yaml").read_text("utf-8"))


def test_table3_matches_the_hand_count():
    apps = load_register(REGISTER)
    leaves = table3(apps, EXPECTED["year"], EXPECTED["edition"])
    want = EXPECTED["table3"]
    assert {k: v for k, v in leaves.items() if v} == want
    cells = table3_cells(apps, EXPECTED["year"], EXPECTED["edition"])
    for cid, v in EXPECTED["totals"].items():
        assert cells[cid] == v, cid


def test_balance_holds_per_column():
    cells = table3_cells(load_register(REGISTER), 2025, "2021")
    for c in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"):
        lhs = cells[f"t3.new_received.{c}"] + cells[f"t3.carried_over.{c}"]
        assert lhs == cells[f"t3.total_processed.{c}"] + cells[f"t3.carried_forward.{c}"], c


def test_next_year_carries_over_what_was_carried_forward():
    apps = load_register(REGISTER)
    y25 = table3_cells(apps, 2025, "2021")
    y26 = table3_cells(apps, 2026, "2021")
    for c in ("natural_person", "research", "social_welfare", "total"):
        assert y26[f"t3.carried_over.{c}"] == y25[f"t3.carried_forward.{c}"]
    assert y26["t3.granted.natural_person"] == 1  # A06, answered 2026-01-05


def test_deadlines_match_the_hand_count():
    cal = WorkCalendar()
    apps = {a.id: a for a in load_register(REGISTER)}
    for app_id, due in EXPECTED["due"].items():
        assert due_date(apps[app_id], cal) == due, app_id


def test_watch_list_as_of_a_date():
    apps = load_register(REGISTER)
    got = watch_list(apps, EXPECTED["as_of"], WorkCalendar(), year=2025)
    want = EXPECTED["watch"]
    assert [(d.id, d.status, d.due) for d in got] == [(w["id"], w["status"], w["due"]) for w in want]
    for d, w in zip(got, want):
        if "days_left" in w:
            assert d.days_left == w["days_left"]


def test_excel_register_reads_like_the_csv(tmp_path):
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    with REGISTER.open(encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f)):
            if i and row[1]:
                # Excel holds real dates in the date columns
                row[1] = dt.date.fromisoformat(row[1]) if "-" in row[1] else row[1]
            ws.append(row)
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    assert table3(load_register(path), 2025, "2021") == table3(load_register(REGISTER), 2025, "2021")


BAD = [
    ("bad-unknown-outcome.csv", 3, "办理结果", "同意公开"),
    ("bad-reply-before-receipt.csv", 3, "答复日期", "早于收到日期"),
    ("bad-missing-date.csv", 2, "收到日期", "缺少日期"),
    ("bad-impossible-date.csv", 2, "收到日期", "日期不存在"),
    ("bad-duplicate-id.csv", 4, "编号", "与第2行重复"),
    ("bad-unknown-applicant.csv", 2, "申请人类型", "公务员"),
]


@pytest.mark.parametrize("name,row,column,problem", BAD, ids=[b[0] for b in BAD])
def test_bad_rows_name_file_row_and_column(name, row, column, problem):
    with pytest.raises(InputError) as e:
        load_register(FIX / name)
    msg = str(e.value)
    assert name in msg and f"第{row}行" in msg and f"「{column}」列" in msg and problem in msg


def test_bad_register_writes_nothing(tmp_path):
    out = tmp_path / "report.docx"
    r = subprocess.run(
        [sys.executable, "-m", "nianbao.cli", "render", str(FIX / "bad-reply-before-receipt.csv"), "--year", "2025",
         "--agency", "某某区人民政府", "-o", str(out)],
        capture_output=True, text=True,
    )
    assert r.returncode == 2
    assert "bad-reply-before-receipt.csv" in r.stderr and "第3行" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_2019_edition_folds_the_other_subrows():
    apps = load_register(FIX / "register-2020.csv")
    y20 = table3(apps, 2020, "2019")
    assert y20["t3.other_processing.commercial"] == 1  # 3.其他
    assert y20["t3.other_processing.natural_person"] == 1  # （六）其他处理
    assert y20["t3.carried_forward.natural_person"] == 1  # C01, answered 2021
    y21 = table3(apps, 2021, "2021")
    assert y21["t3.carried_over.natural_person"] == 1 and y21["t3.other_overdue_fee.natural_person"] == 1


def test_single_other_row_in_2021_asks_for_a_subrow(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("编号,收到日期,申请人类型,办理结果,答复日期\nX1,2025-03-03,自然人,（六）其他处理,2025-03-05\n", "utf-8")
    with pytest.raises(InputError, match="第2行「办理结果」列.*请选其一"):
        table3(load_register(p), 2025, "2021", str(p))


def test_shipped_override_agrees_with_chinesecalendar():
    import chinese_calendar

    cal = WorkCalendar(use_chinesecalendar=False)
    for year in shipped_schedule():
        day = dt.date(year, 1, 1)
        while day.year == year:
            assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
            day += dt.timedelta(days=1)


def test_unknown_year_is_a_clear_error():
    with pytest.raises(CalendarError, match="2099 年的法定节假日"):
        WorkCalendar().is_workday(dt.date(2099, 3, 2))


def test_user_holiday_file_adds_a_year(tmp_path):
    f = tmp_path / "h.yaml"
    f.write_text("2099:\n  holidays: [2099-01-01..2099-01-03]\n  workdays: [2099-01-04]\n", "utf-8")
    cal = WorkCalendar([f])
    assert not cal.is_workday(dt.date(2099, 1, 2)) and cal.is_workday(dt.date(2099, 1, 4))  # a Sunday worked
    assert cal.add_workdays(dt.date(2098, 12, 31), 1) == dt.date(2099, 1, 4)


def test_ledger_command_json():
    r = subprocess.run(
        [sys.executable, "-m", "nianbao.cli", "ledger", str(REGISTER), "--year", "2025", "--as-of", "2026-01-12", "-f", "json"],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stderr
    import json

    out = json.loads(r.stdout)
    assert out["cells"]["t3.total_processed.total"] == 7
    assert [w["id"] for w in out["watch"]] == ["A09", "A05", "A03"]


def test_bare_carriage_return_in_a_field_is_data_not_a_crash(tmp_path):
    """Regression (found by API fuzzing): a lone \\r inside a CSV field raised csv.Error."""
    from nianbao.errors import InputError
    from nianbao.ledger.register import load_register

    p = tmp_path / "r.csv"
    p.write_bytes("id,received\r\nA\rB,2025-01-02\r\n".encode())
    try:
        load_register(p)
    except InputError as e:  # a clear error naming the file is fine; a csv.Error is not
        assert "r.csv" in str(e)
