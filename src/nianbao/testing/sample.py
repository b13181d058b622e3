"""One generated report: truth, printed blocks, the form it is written in, quirks and defects."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from nianbao.schema.model import CellValue, Meta, Report, Section
from nianbao.schema.template import load_template
from nianbao.testing import defects as _defects
from nianbao.testing import figures, narrative, printed, quirks
from nianbao.testing.agencies import LEVELS, Agency, random_agency
from nianbao.text import parse_number

# format -> layouts it is printed in
FORMS: dict[str, tuple[str, ...]] = {
    "txt": ("tab", "tabgrid", "celltab", "pipe", "cellpipe", "piperow", "leadpipe", "layout"),
    "md": ("markdown",),
    "html": ("grid", "nested", "paragraphs"),
    "docx": ("docx",),
    "pdf": ("pdf",),
}
FORMATS = tuple(FORMS)
ENCODINGS = {"txt": ("utf-8", "utf-8", "utf-8-sig", "gb18030", "gbk"), "md": ("utf-8",), "html": ("utf-8", "utf-8", "gbk")}
_LEVEL_WEIGHTS = (20, 35, 20, 10, 8, 7)


@dataclass
class Sample:
    """A generated report and everything needed to write it and to check it was read back."""

    seed: int
    index: int
    report: Report  # the truth, as printed
    agency: Agency
    blocks: list
    format: str
    layout: str
    encoding: str = "utf-8"
    quirks: list[dict] = field(default_factory=list)
    defects: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        ext = {"md": "md", "txt": "txt"}.get(self.format, self.format)
        return f"{self.index:05d}_{self.report.meta.year}_{self.format}-{self.layout}.{ext}"

    def expected(self) -> dict:
        """The ground truth: the spec's JSON shape plus the injected defects and quirks."""
        r = self.report
        meta = {k: v for k, v in r.meta.model_dump().items() if v is not None}
        return {
            "edition": r.edition,
            "meta": meta,
            "sections": [{"number": s.number, "title": s.title, "text": s.text} for s in r.sections],
            "cells": r.values(),
            "raw": {k: c.raw for k, c in r.cells.items()},
            "defects": self.defects,
            "quirks": self.quirks,
            "generator": {
                "seed": self.seed, "index": self.index, "format": self.format, "layout": self.layout,
                "encoding": self.encoding, "level": self.agency.level,
            },
        }


def _cell(raw: str | int) -> CellValue:
    raw = str(raw)
    v, _ = parse_number(raw)
    return CellValue(value=v, raw=raw)


def _truth(rng: random.Random, agency: Agency, edition: str, year: int) -> Report:
    values = {**figures.table2(rng, agency.level, edition), **figures.table3_and_4(rng, agency.level, edition)}
    cells = {cid: _cell(values[cid]) for cid in load_template(edition).cell_ids()}
    title = f"{agency.name}{year}年政府信息公开工作年度报告"
    meta = Meta(title=title, agency=agency.name, year=year, period=(f"{year}-01-01", f"{year}-12-31"), region_code=agency.region.code)
    return Report(edition=edition, meta=meta, cells=cells)


def make_sample(
    seed: int,
    index: int,
    fmt: str,
    layout: str | None = None,
    defect_rate: float = 0.0,
    quirk_rate: float = 0.5,
    edition: str | None = None,
    level: str | None = None,
    quirk_names: list[str] | None = None,
) -> Sample:
    """Report ``index`` of the corpus of ``seed``, printed in format ``fmt``.

    The same arguments always give the same sample.
    """
    rng = random.Random(f"nianbao:{seed}:{index}")
    layout = layout or rng.choice(FORMS[fmt])
    encoding = rng.choice(ENCODINGS.get(fmt, ("utf-8",)))
    edition = edition or rng.choice(("2021", "2021", "2021", "2019"))
    year = rng.choice((2021, 2022, 2023, 2024) if edition == "2021" else (2019, 2020))
    agency = random_agency(rng, level or rng.choices(LEVELS, weights=_LEVEL_WEIGHTS)[0])
    report = _truth(rng, agency, edition, year)
    received = report.value("t3.new_received.total")
    paragraphs = narrative.sections(rng, agency, year, received)
    style = printed.Style()
    if quirk_names is None:
        quirk_names = rng.sample(quirks.QUIRKS, rng.randint(1, 3)) if rng.random() < quirk_rate else []
    report.sections = [Section(number=n, title="", text="") for n in paragraphs]
    labels = quirks.apply(rng, report, style, quirk_names)
    if style.title_split:
        report.meta.title = "".join(printed.title_lines(report, style))
    found = []
    if rng.random() < defect_rate:
        for name in rng.sample(_defects.DEFECTS, len(_defects.DEFECTS)):
            d = _defects.inject(rng, name, report, style, paragraphs, agency)
            if d is not None:
                found.append(d)
                break
    blocks = printed.build(report, paragraphs, style)
    for s in report.sections:
        s.text = "\n".join(paragraphs.get(s.number, []))
    return Sample(seed, index, report, agency, blocks, fmt, layout, encoding, labels, found)
