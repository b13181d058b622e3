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


@dataclass
class _CellShape:
    """One template cell: its value (None when blank, a marker, or not printed), the literal
    printed text (None when not printed at all), where it was printed, and OCR confidence."""

    value: int | float | None = None
    raw: str | None = None
    provenance: Provenance | None = None
    confidence: float | None = None


_CellShape.__name__ = _CellShape.__qualname__ = "CellValue"  # its name in the JSON Schema


class CellValue:
    """One template cell: its value (None when blank, a marker, or not printed), the literal
    printed text (None when not printed at all), where it was printed, and OCR confidence.

    A value read from a document keeps the reader's location and row label, and its
    :class:`Provenance` is made from them when first asked for: a report holds ~200 cells,
    and checking or counting them never looks at most of their provenance.
    """

    __slots__ = ("value", "raw", "confidence", "_provenance", "_loc", "_label")

    def __init__(
        self,
        value: int | float | None = None,
        raw: str | None = None,
        provenance: Provenance | None = None,
        confidence: float | None = None,
        loc: Any = None,
        label: str | None = None,
    ):
        self.value = value
        self.raw = raw
        self.confidence = confidence
        self._provenance = provenance
        self._loc = loc  # a nianbao.document.Loc, used only when provenance is None
        self._label = label

    @property
    def provenance(self) -> Provenance | None:
        p = self._provenance
        if p is None and self._loc is not None:
            loc = self._loc
            p = self._provenance = Provenance(loc.line, loc.page, loc.bbox, loc.table, loc.row, loc.col, self._label)
            self._loc = None
        return p

    @provenance.setter
    def provenance(self, p: Provenance | None) -> None:
        self._provenance, self._loc = p, None

    def _key(self) -> tuple:
        return self.value, self.raw, self.provenance, self.confidence

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, CellValue) else NotImplemented

    __hash__ = None  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return f"CellValue(value={self.value!r}, raw={self.raw!r}, provenance={self.provenance!r}, confidence={self.confidence!r})"

    def __copy__(self) -> CellValue:
        return CellValue(self.value, self.raw, self.provenance, self.confidence)

    def __deepcopy__(self, memo: dict) -> CellValue:
        p = self.provenance
        return CellValue(self.value, self.raw, None if p is None else Provenance(*(getattr(p, k) for k in p.__slots__)), self.confidence)

    def model_dump(self, exclude_none: bool = False) -> dict[str, Any]:
        d = {
            "value": self.value,
            "raw": self.raw,
            "provenance": self.provenance.model_dump(exclude_none) if self.provenance else None,
            "confidence": self.confidence,
        }
        return {k: v for k, v in d.items() if v is not None} if exclude_none else d

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Instances pass as they are; dicts are read as the cell's JSON shape."""
        from pydantic_core import core_schema

        shape = handler.generate_schema(_CellShape)
        from_shape = core_schema.no_info_after_validator_function(
            lambda s: cls(s.value, s.raw, s.provenance, s.confidence), shape
        )
        return core_schema.json_or_python_schema(
            json_schema=from_shape,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_shape]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda c: _CellShape(c.value, c.raw, c.provenance, c.confidence), return_schema=shape
            ),
        )


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
