"""Load an edition's template: rows, columns, cell ids and label variants."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

import yaml

from nianbao.errors import TemplateError
from nianbao.text import label_key, strip_enumerator

EDITIONS = ("2021", "2019")


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    variants: tuple[str, ...] = ()
    group: str | None = None
    decimal: bool = False
    signed: bool = False
    total: bool = False
    unit: str | None = None

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(label_key(x) for x in (self.label, *self.variants)))


@dataclass(frozen=True)
class RowSpec:
    id: str
    label: str
    columns: tuple[str, ...]
    variants: tuple[str, ...] = ()
    group: str | None = None
    key: str | None = None
    result: bool = False
    alternative_to: tuple[str, ...] = ()
    sum_of_results: bool = False

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Comparable keys: the full label and variants, with and without their list number."""
        out = []
        for x in (self.label, *self.variants):
            k = label_key(x)
            out += [k, strip_enumerator(k)]
        return tuple(dict.fromkeys(k for k in out if k))


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    columns: dict[str, Column]
    rows: tuple[RowSpec, ...]
    note: str | None = None

    def row(self, row_id: str) -> RowSpec:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)


@dataclass(frozen=True)
class SectionSpec:
    number: int
    title: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    edition: str
    years: tuple[int, int]
    markers: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    tables: dict[str, TableSpec]
    t4_groups: tuple[tuple[str, str, str | None], ...] = field(default=())

    @cached_property
    def marker_keys(self) -> tuple[str, ...]:
        """The label keys of the phrases only this edition's layout prints."""
        return tuple(label_key(m) for m in self.markers)

    def cell_ids(self, with_alternatives: bool = False) -> list[str]:
        """Every cell id of the edition, in printed order.

        Rows that are alternatives to others (2021's single （六） row) are included only
        when ``with_alternatives`` is set.
        """
        ids = []
        for tid in ("t2", "t3"):
            t = self.tables[tid]
            for r in t.rows:
                if r.alternative_to and not with_alternatives:
                    continue
                ids += [f"{tid}.{r.id}.{c}" for c in r.columns]
        t4 = self.tables["t4"]
        for gid, _, _ in self.t4_groups:
            ids += [f"t4.{gid}.{c}" for c in t4.columns]
        return ids

    def column(self, cell_id: str) -> Column:
        return _column(self, cell_id)

    def cell_specs(self, with_alternatives: bool = False) -> tuple[tuple[str, bool], ...]:
        """(cell id, decimal) for every cell id of :meth:`cell_ids`, computed once per edition."""
        return _cell_specs(self, with_alternatives)

    def labels(self, cell_id: str) -> tuple[str, str, str]:
        """(table title, row label, column label) as printed, for messages."""
        tid, rid, cid = cell_id.split(".")
        t = self.tables[tid]
        if tid == "t4":
            g = {g: (lbl, grp) for g, lbl, grp in self.t4_groups}[rid]
            row = f"{g[1]}·{g[0]}" if g[1] else g[0]
        else:
            row = t.row(rid).label
        return t.title, row, t.columns[cid].label

    def result_rows(self, alternative: bool) -> list[str]:
        """Result rows summed by （七）总计: with the single （六） row or with its sub-rows."""
        rows = self.tables["t3"].rows
        alt = {a for r in rows for a in r.alternative_to}
        out = []
        for r in rows:
            if not r.result:
                continue
            if alternative and r.id in alt:
                continue
            if not alternative and r.alternative_to:
                continue
            out.append(r.id)
        return out


_COLUMNS: dict[tuple[str, str], Column] = {}


def _column(t: Template, cell_id: str) -> Column:
    key = (t.edition, cell_id)
    col = _COLUMNS.get(key)
    if col is None:
        tid, _, cid = cell_id.split(".")
        col = _COLUMNS[key] = t.tables[tid].columns[cid]
    return col


_CELL_SPECS: dict[tuple[str, bool], tuple[tuple[str, bool], ...]] = {}


def _cell_specs(t: Template, with_alternatives: bool) -> tuple[tuple[str, bool], ...]:
    key = (t.edition, with_alternatives)
    specs = _CELL_SPECS.get(key)
    if specs is None:
        specs = _CELL_SPECS[key] = tuple((cid, t.column(cid).decimal) for cid in t.cell_ids(with_alternatives))
    return specs


def _build(data: dict) -> Template:
    try:
        tables = {}
        for tid, t in data["tables"].items():
            cols = {
                cid: Column(
                    id=cid,
                    label=c["label"],
                    variants=tuple(c.get("variants", ())),
                    group=c.get("group"),
                    decimal=bool(c.get("decimal")),
                    signed=bool(c.get("signed")),
                    total=bool(c.get("total")),
                    unit=c.get("unit"),
                )
                for cid, c in t["columns"].items()
            }
            rows = tuple(
                RowSpec(
                    id=r["id"],
                    label=r["label"],
                    columns=tuple(r.get("columns", cols.keys())),
                    variants=tuple(r.get("variants", ())),
                    group=r.get("group"),
                    key=r.get("key"),
                    result=bool(r.get("result")),
                    alternative_to=tuple(r.get("alternative_to", ())),
                    sum_of_results=bool(r.get("sum_of_results")),
                )
                for r in t.get("rows", ())
            )
            tables[tid] = TableSpec(id=tid, title=t["title"], columns=cols, rows=rows, note=t.get("note"))
        groups = tuple((g["id"], g["label"], g.get("group")) for g in data["tables"]["t4"]["groups"])
        sections = tuple(
            SectionSpec(number=s["number"], title=s["title"], variants=tuple(s.get("variants", ())))
            for s in data["sections"]
        )
        return Template(
            edition=str(data["edition"]),
            years=tuple(data["years"]),
            markers=tuple(data["markers"]),
            sections=sections,
            tables=tables,
            t4_groups=groups,
        )
    except (KeyError, TypeError) as e:  # pragma: no cover - shipped data
        raise TemplateError(f"malformed template: {e!r}") from e


@lru_cache(maxsize=None)
def load_template(edition: str) -> Template:
    """The template of ``edition`` ("2021" or "2019")."""
    if edition not in EDITIONS:
        raise TemplateError(f"unknown edition {edition!r}; known: {', '.join(EDITIONS)}")
    text = resources.files("nianbao.schema").joinpath(f"templates/{edition}.yaml").read_text("utf-8")
    return _build(yaml.safe_load(text))


def edition_for_year(year: int | None) -> str | None:
    """The edition the national format prescribes for a report year (None before 2019)."""
    if year is None:
        return None
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "pre2019"
