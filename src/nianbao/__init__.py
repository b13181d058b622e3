"""nianbao: read, audit, write and study 政府信息公开工作年度报告.

>>> import nianbao
>>> report = nianbao.parse("report.pdf")          # path or bytes
>>> report.cells["t3.new_received.total"].value
"""

from __future__ import annotations

import os

from nianbao.errors import InputError, NianbaoError
from nianbao.schema.model import Finding, Report

__version__ = "0.1.0"
# Bumped whenever extraction output can change; stored reports parsed by an older
# parser version are re-parsed on ingest.
PARSER_VERSION = "1"

__all__ = ["parse", "read", "extract_report", "Report", "Finding", "InputError", "NianbaoError", "__version__", "PARSER_VERSION"]


def read(source: str | os.PathLike | bytes, name: str | None = None):
    """Read a file (path or bytes) into the document model."""
    from nianbao.readers import read as _read

    return _read(source, name=name)


def extract_report(document) -> Report:
    """Document -> Report (no findings)."""
    from nianbao.extract import extract as _extract

    return _extract(document)


def parse(source: str | os.PathLike | bytes, name: str | None = None, audit: bool = True) -> Report:
    """Read and extract a report; with ``audit`` (default) attach the rule findings.

    Raises :class:`InputError` when the file cannot be read as a report.
    """
    report = extract_report(read(source, name=name))
    if audit:
        from nianbao.audit import audit as _audit

        report.findings = _audit(report)
    return report
