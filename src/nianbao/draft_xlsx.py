"""The Excel data file: a workbook laid out like the official tables, and reading it back.

Sheets: 基本信息 (agency, year, edition), 正文 (the six sections' texts) and one sheet per
table, printed exactly as :mod:`nianbao.render.layout` lays the table out (merged heads,
Chinese labels). Leaf cells are white and hold numbers; totals hold ``=SUM`` formulas and are
shaded. Reading recomputes the same layout, checks that the labels are still in place, and
reads the numbers at their positions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nianbao.errors import InputError
from nianbao.render.layout import Grid, section_heading, table2_grid, table3_grid, table4_grid
from nianbao.schema.model import Meta, Report
from nianbao.schema.template import Template, load_template
from nianbao.text import label_key

INFO, TEXTS = "基本信息", "正文"
INFO_ROWS = (("agency", "机关名称"), ("year", "年度"), ("edition", "版式"))
TOP = 2  # the grid starts on this sheet row (row 1 holds the table's heading)
FONT = "宋体"
_BUILDERS = {2: table2_grid, 3: table3_grid, 4: table4_grid}


def table_sheets(tmpl: Template, report: Report) -> list[tuple[str, Grid]]:
    """(sheet name, grid) of the three tables; sheet names are the section headings."""
    out = []
    for s in tmpl.sections:
        if s.number in _BUILDERS:
            out.append((section_heading(s.number, s.title), _BUILDERS[s.number](tmpl, report)))
    return out


def coord(cell_row: int, cell_col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(cell_col + 1)}{cell_row + TOP}"


def write_workbook(report: Report, path: Path) -> None:
    """Write ``report`` as the Excel data file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from nianbao.draft import computed_parts

    tmpl = load_template(report.edition)
    wb = Workbook()
    info = wb.active
    info.title = INFO
    for i, (key, label) in enumerate(INFO_ROWS, start=1):
        info.cell(i, 1, label).font = Font(name=FONT, bold=True)
        val = {"agency": report.meta.agency, "year": report.meta.year, "edition": report.edition}[key]
        info.cell(i, 2, val).font = Font(name=FONT)
    info.cell(len(INFO_ROWS) + 2, 1, "只填白色格子；灰色格子是合计，由公式和 nianbao render 计算。").font = Font(name=FONT)
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 40

    texts = wb.create_sheet(TEXTS)
    for s in tmpl.sections:
        sec = report.section(s.number)
        a = texts.cell(s.number, 1, section_heading(s.number, s.title))
        a.font = Font(name=FONT, bold=True)
        a.alignment = Alignment(vertical="top", wrap_text=True)
        b = texts.cell(s.number, 2, sec.text if sec else "")
        b.font = Font(name=FONT)
        b.alignment = Alignment(vertical="top", wrap_text=True)
        texts.row_dimensions[s.number].height = 120
    texts.column_dimensions["A"].width = 22
    texts.column_dimensions["B"].width = 100

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="E7E6E6")
    parts = computed_parts(tmpl)
    for name, grid in table_sheets(tmpl, report):
        ws = wb.create_sheet(name)
        checks = _validations(ws)
        ws.cell(1, 1, name).font = Font(name=FONT, bold=True, size=13)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
        where = {c.cell_id: coord(c.row, c.col) for c in grid.cells if c.cell_id}
        for c in grid.cells:
            r, k = c.row + TOP, c.col + 1
            for rr in range(r, r + c.rowspan):
                for kk in range(k, k + c.colspan):
                    ws.cell(rr, kk).border = border
            cell = ws.cell(r, k)
            if c.cell_id in parts:
                cell.value = "=SUM(" + ",".join(where[p] for p in parts[c.cell_id]) + ")"
                cell.fill = grey
            elif c.cell_id:
                cell.value = report.value(c.cell_id)
                col = tmpl.column(c.cell_id)
                checks["decimal" if col.decimal else "signed" if col.signed else "count"].add(cell.coordinate)
            else:
                cell.value = c.text
            cell.font = Font(name=FONT, bold=c.kind == "head")
            horizontal = "left" if c.kind in ("label", "note") else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=r, start_column=k, end_row=r + c.rowspan - 1, end_column=k + c.colspan - 1)
        _widths(ws, grid)
        _print_setup(ws, landscape=grid.n_cols > 10)
    _print_setup(texts, landscape=False)
    wb.save(path)


def _print_setup(ws, landscape: bool) -> None:
    """Print on A4, one page wide, like the printed report."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _validations(ws) -> dict:
    """Excel's own input checks on leaf cells: counts are whole numbers >= 0, amounts >= 0."""
    from openpyxl.worksheet.datavalidation import DataValidation

    rules = {
        "count": DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                error="请填写不小于 0 的整数 (a whole number, 0 or more)"),
        "signed": DataValidation(type="whole", error="请填写整数 (a whole number)",
                                 operator="between", formula1="-1000000000", formula2="1000000000"),
        "decimal": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                  error="请填写不小于 0 的金额 (an amount, 0 or more)"),
    }
    for dv in rules.values():
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
    return rules


def _widths(ws, grid: Grid) -> None:
    """Column widths, and row heights that show wrapped labels whole (Excel does not grow
    rows for merged cells)."""
    from openpyxl.utils import get_column_letter

    value_cols = {c.col for c in grid.cells if c.kind == "value"}
    if grid.table == "t2":
        widths = [26] + [18] * (grid.n_cols - 1)
    else:
        widths = [9 if k in value_cols else (30 if k == 2 else 12) for k in range(grid.n_cols)]
    for k, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = w
    heights = [15.0] * grid.n_rows
    for c in grid.cells:
        per_line = max(1, int(sum(widths[c.col:c.col + c.colspan]) / 2.2))  # CJK characters per line
        lines = -(-len(c.text) // per_line)
        for r in range(c.row, c.row + c.rowspan):
            heights[r] = max(heights[r], 15.0 * lines / c.rowspan)
    for r, h in enumerate(heights):
        ws.row_dimensions[r + TOP].height = h


def is_draft_workbook(path: Path) -> bool:
    """True for a workbook written by :func:`write_workbook` (it has the 基本信息 sheet)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged file
        raise InputError(str(path), f"无法打开 Excel 文件：{type(e).__name__} (cannot open workbook)") from None
    try:
        return INFO in wb.sheetnames
    finally:
        wb.close()


def parts_from_workbook(path: Path) -> dict[str, Any]:
    """The data file's parts (edition, agency, year, sections, values, where) from a workbook."""
    from openpyxl import load_workbook

    from nianbao.draft import cell_place

    src = str(path)
    wb = load_workbook(path)
    cached = load_workbook(path, data_only=True)
    info = wb[INFO]
    meta: dict[str, Any] = {}
    for i, (key, label) in enumerate(INFO_ROWS, start=1):
        if str(info.cell(i, 1).value or "").strip() != label:
            raise InputError(src, f"工作表「{INFO}」A{i} 应为「{label}」(layout changed)")
        meta[key] = info.cell(i, 2).value
    from nianbao.draft import check_meta

    edition, agency, year = check_meta(meta, f"{src} 工作表「{INFO}」")
    tmpl = load_template(edition)
    if TEXTS not in wb.sheetnames:
        raise InputError(src, f"缺少工作表「{TEXTS}」(sheet missing)")
    texts = wb[TEXTS]
    sections = {}
    for s in tmpl.sections:
        head = section_heading(s.number, s.title)
        if label_key(str(texts.cell(s.number, 1).value or "")) != label_key(head):
            raise InputError(src, f"工作表「{TEXTS}」A{s.number} 应为「{head}」(layout changed)")
        sections[s.number] = str(texts.cell(s.number, 2).value or "")

    values: dict[str, Any] = {}
    places: dict[str, str] = {}
    empty = Report(edition=edition, meta=Meta(agency=agency, year=year))
    for name, grid in table_sheets(tmpl, empty):
        if name not in wb.sheetnames:
            raise InputError(src, f"缺少工作表「{name}」(sheet missing)")
        ws, wc = wb[name], cached[name]
        for c in grid.cells:
            at = coord(c.row, c.col)
            got = ws[at].value
            if c.cell_id is None:
                if c.text and label_key(str(got or "")) != label_key(c.text):
                    raise InputError(src, f"工作表「{name}」{at} 单元格应为「{c.text}」，表格结构被改动 (layout changed)")
                continue
            places[c.cell_id] = f"工作表「{name}」{at} 单元格{cell_place(tmpl, c.cell_id)}"
            if isinstance(got, str) and got.startswith("="):
                got = wc[at].value  # a formula: its value as Excel last computed it, if saved by Excel
            values[c.cell_id] = got
    wb.close()
    cached.close()
    return {"edition": edition, "agency": agency, "year": year, "sections": sections, "values": values,
            "where": places.__getitem__}
