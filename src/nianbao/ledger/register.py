"""The register of applications (依申请公开登记台账), CSV or Excel, one row per application.

Columns (English names or the usual Chinese headings): id 编号, received 收到日期, applicant
申请人类型, channel 申请方式, subject 申请内容, outcome 办理结果, replied 答复日期, extended
延期, fee 收费. ``applicant`` is a Table 3 column (id or printed label, e.g. 自然人);
``outcome`` is a Table 3 result row (id or printed label, e.g. 1.本机关不掌握相关政府信息),
blank while the application is open. Every bad row is an InputError naming the file, the
row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from nianbao.errors import InputError
from nianbao.schema.template import load_template
from nianbao.text import decode_bytes, label_key

# column -> accepted headings (compared after label_key)
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "序号", "申请编号", "登记编号"),
    "received": ("received", "收到日期", "收件日期", "申请日期", "受理日期", "收到申请日期"),
    "applicant": ("applicant", "applicant_type", "申请人类型", "申请人类别", "申请人情况"),
    "channel": ("channel", "申请方式", "申请渠道", "提交方式", "渠道"),
    "subject": ("subject", "申请内容", "申请事项", "申请公开内容"),
    "outcome": ("outcome", "办理结果", "答复结果", "处理结果", "答复类型"),
    "replied": ("replied", "reply_date", "答复日期", "办结日期", "答复时间"),
    "extended": ("extended", "extension", "延期", "是否延期", "延长答复期限"),
    "fee": ("fee", "收费", "信息处理费", "收费金额", "收费金额（元）"),
}
REQUIRED = ("id", "received", "applicant", "outcome", "replied")
_YES = {"是", "y", "yes", "true", "1", "已延期", "延期"}
_NO = {"", "否", "n", "no", "false", "0", "未延期", "不延期"}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


@dataclass(frozen=True)
class Application:
    """One application as registered; ``row`` is its row number in the file (header = 1)."""

    id: str
    received: dt.date
    applicant: str  # a Table 3 applicant column id
    outcome: str | None  # a Table 3 result row id; None while open
    replied: dt.date | None
    extended: bool = False
    fee: Decimal | None = None
    channel: str = ""
    subject: str = ""
    row: int = 0


def _vocabulary() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(applicant key -> column id, outcome key -> row id, outcome id -> printed label)."""
    applicants: dict[str, str] = {}
    outcomes: dict[str, str] = {}
    labels: dict[str, str] = {}
    for edition in ("2021", "2019"):
        t3 = load_template(edition).tables["t3"]
        for cid, col in t3.columns.items():
            if not col.total:
                applicants.update({cid: cid, **{k: cid for k in col.keys}})
        for r in t3.rows:
            if r.result:
                outcomes.update({r.id: r.id, **{k: r.id for k in r.keys}})
                labels.setdefault(r.id, r.label)
    return applicants, outcomes, labels


def resolve_outcome(text: str, outcomes: dict[str, str]) -> str | None:
    """A printed outcome -> row id: an exact label (with or without its number), or a label
    preceded by its group (（三）不予公开 1.属于国家秘密)."""
    key = label_key(text)
    if text.strip() in outcomes:
        return outcomes[text.strip()]
    if key in outcomes:
        return outcomes[key]
    hits = {rid for k, rid in outcomes.items() if len(k) >= 4 and key.endswith(k)}
    return hits.pop() if len(hits) == 1 else None


class _Reader:
    def __init__(self, source: str):
        self.source = source
        self.applicants, self.outcomes, _ = _vocabulary()

    def fail(self, row: int, column: str, problem: str) -> InputError:
        return InputError(self.source, f"第{row}行「{column}」列：{problem}")

    def header(self, cells: list) -> dict[str, int]:
        keys = {label_key(k): col for col, names in COLUMNS.items() for k in names}
        found: dict[str, int] = {}
        for i, h in enumerate(cells):
            col = keys.get(label_key(str(h or "")))
            if col and col not in found:
                found[col] = i
        missing = [c for c in REQUIRED if c not in found]
        if missing:
            want = "、".join(f"{c}（{COLUMNS[c][1]}）" for c in missing)
            raise InputError(self.source, f"第1行：缺少列 {want} (missing columns)")
        self.heads = {col: str(cells[i]) for col, i in found.items()}
        return found

    def date(self, raw, row: int, col: str, required: bool) -> dt.date | None:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = "" if raw is None else str(raw).strip()
        if not text:
            if required:
                raise self.fail(row, self.heads[col], "缺少日期 (date missing)")
            return None
        m = _DATE.match(text) or _COMPACT.match(text)
        if not m:
            raise self.fail(row, self.heads[col], f"无法识别的日期 {text!r}，请写成 2025-01-31 (unreadable date)")
        try:
            return dt.date(*(int(x) for x in m.groups()))
        except ValueError:
            raise self.fail(row, self.heads[col], f"日期不存在：{text!r} (impossible date)") from None

    def application(self, cells: list, cols: dict[str, int], row: int) -> Application:
        def get(col: str):
            i = cols.get(col)
            return cells[i] if i is not None and i < len(cells) else None

        def text(col: str) -> str:
            v = get(col)
            return "" if v is None else str(v).strip()

        app_id = text("id")
        if not app_id:
            raise self.fail(row, self.heads["id"], "缺少编号 (id missing)")
        received = self.date(get("received"), row, "received", required=True)
        applicant = self.applicants.get(text("applicant")) or self.applicants.get(label_key(text("applicant")))
        if applicant is None:
            raise self.fail(row, self.heads["applicant"], f"未知的申请人类型 {text('applicant')!r} (unknown applicant type)")
        outcome = None
        if text("outcome"):
            outcome = resolve_outcome(text("outcome"), self.outcomes)
            if outcome is None:
                raise self.fail(row, self.heads["outcome"], f"未知的办理结果 {text('outcome')!r}，应为表三的办理结果行 (unknown outcome)")
        replied = self.date(get("replied"), row, "replied", required=False)
        if outcome and replied is None:
            raise self.fail(row, self.heads["replied"], "有办理结果但没有答复日期 (outcome without a reply date)")
        if replied and outcome is None:
            raise self.fail(row, self.heads["outcome"], "有答复日期但没有办理结果 (reply date without an outcome)")
        if replied and replied < received:
            raise self.fail(row, self.heads["replied"], f"答复日期 {replied} 早于收到日期 {received} (reply before receipt)")
        ext = text("extended").lower()
        if ext not in _YES and ext not in _NO:
            raise self.fail(row, self.heads["extended"], f"应为 是 或 否：{text('extended')!r} (yes or no)")
        fee = None
        if text("fee"):
            try:
                fee = Decimal(text("fee").replace(",", "").removesuffix("元"))
            except InvalidOperation:
                fee = None
            if fee is None or fee < 0:
                raise self.fail(row, self.heads["fee"], f"收费应为不小于 0 的金额（元）：{text('fee')!r} (fee must be an amount)")
        return Application(app_id, received, applicant, outcome, replied, ext in _YES, fee, text("channel"), text("subject"), row)

    def read(self, rows: list[tuple[int, list]]) -> list[Application]:
        rows = [(n, r) for n, r in rows if any(str(c).strip() for c in r if c is not None)]
        if not rows:
            raise InputError(self.source, "登记台账是空的 (empty register)")
        cols = self.header(rows[0][1])
        seen: dict[str, int] = {}
        out = []
        for n, cells in rows[1:]:
            a = self.application(cells, cols, n)
            if a.id in seen:
                raise self.fail(n, self.heads["id"], f"编号 {a.id!r} 与第{seen[a.id]}行重复 (duplicate id)")
            seen[a.id] = n
            out.append(a)
        return out


def load_register(path: str | Path) -> list[Application]:
    """Read a register (.csv in any common encoding, or .xlsx: its first sheet)."""
    p = Path(path)
    src = str(path)
    if not p.is_file():
        raise InputError(src, "文件不存在 (file not found)")
    if p.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(p)
    elif p.suffix.lower() == ".csv":
        text, _ = decode_bytes(p.read_bytes())
        try:
            # newline="" lets the csv module see a bare \r inside a field as data
            rows = [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)]
        except csv.Error as e:
            raise InputError(src, f"CSV 格式错误：{e} (malformed CSV)") from None
    else:
        raise InputError(src, "登记台账请用 .csv 或 .xlsx (register must be .csv or .xlsx)")
    return _Reader(src).read(rows)


def _xlsx_rows(p: Path) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged file
        raise InputError(str(p), f"无法打开 Excel 文件：{type(e).__name__} (cannot open workbook)") from None
    ws = wb.worksheets[0]
    rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]
    wb.close()
    return rows
