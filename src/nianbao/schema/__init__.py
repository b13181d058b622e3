"""The template as data (one YAML file per edition) and the report model."""

from nianbao.schema.template import EDITIONS, Template, load_template
from nianbao.schema.model import CellValue, Finding, Meta, Provenance, Report, Section

__all__ = ["EDITIONS", "Template", "load_template", "CellValue", "Finding", "Meta", "Provenance", "Report", "Section"]
