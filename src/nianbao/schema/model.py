"""The report: the contract of ``shared/spec/template.md`` as pydantic models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(slots=True)
class Provenance:
    """Where a value was printed: a text line, a page and box, or a source-grid position.

    A plain dataclass rather than a pydantic model: a report holds about 200 of them and
    building them must cost next to nothing.
    """

    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    label: str | None = None  # the printed row label the value was read under

    def describe(self) -> str:
        from nianbao.document import describe_location

        return describe_location(self.page, self.line, self.table, self.row, self.col)

    def model_dump(self, exclude_none: bool = False) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__}
        return {k: v for k, v in d.items() if v is not None} if exclude_none else d


@dataclass(slots=True)
class CellValue:
    """One template cell: its value (None when blank, a marker, or not printed), the literal
    printed text (None when not printed at all), where it was printed, and OCR confidence."""

    value: int | float | None = None
    raw: str | None = None
    provenance: Provenance | None = None
    confidence: float | None = None

    def model_dump(self, exclude_none: bool = False) -> dict[str, Any]:
        d = {
            "value": self.value,
            "raw": self.raw,
            "provenance": self.provenance.model_dump(exclude_none) if self.provenance else None,
            "confidence": self.confidence,
        }
        return {k: v for k, v in d.items() if v is not None} if exclude_none else d


class Section(BaseModel):
    number: int
    title: str
    text: str
    line: int | None = None
    page: int | None = None


class Meta(BaseModel):
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    period: tuple[str, str] | None = Field(None, description="statistics period as printed, ISO dates")
    source: str | None = None
    format: str | None = None
    encoding: str | None = None
    region_code: str | None = None


class Finding(BaseModel):
    code: str
    severity: Severity
    cells: list[str] = Field(default_factory=list)
    message: str = ""
    location: str = ""
    name: str | None = None
    expected: Any = None
    actual: Any = None
    detail: dict[str, Any] | None = None


class Report(BaseModel):
    """A parsed (or drafted) annual report."""

    edition: str
    meta: Meta = Field(default_factory=Meta)
    sections: list[Section] = Field(default_factory=list)
    cells: dict[str, CellValue] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    layout: dict[str, Any] = Field(default_factory=dict, description="what the extractor saw of the printed layout")

    def value(self, cell_id: str) -> int | float | None:
        c = self.cells.get(cell_id)
        return None if c is None else c.value

    def values(self) -> dict[str, int | float | None]:
        return {k: c.value for k, c in self.cells.items()}

    def section(self, number: int) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def to_contract(self) -> dict[str, Any]:
        """The spec's JSON object: edition, meta, sections, cells, findings (plus extras)."""
        meta = {k: v for k, v in self.meta.model_dump().items() if v is not None}
        return {
            "edition": self.edition,
            "meta": meta,
            "sections": [s.model_dump(exclude_none=True) for s in self.sections],
            "cells": self.values(),
            "findings": [f.model_dump(exclude_none=True) for f in self.findings],
            "raw": {k: c.raw for k, c in self.cells.items()},
            "provenance": {k: c.provenance.model_dump(exclude_none=True) for k, c in self.cells.items() if c.provenance},
            "layout": self.layout,
        }
