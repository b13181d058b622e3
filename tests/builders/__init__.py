"""Test-only builders of annual reports in the official layout of the national template.

``official`` describes a report as paragraphs and span tables (rows of cells with rowspan and
colspan, exactly as the national template prints them), from the edition's template data;
``to_html`` and ``to_docx`` print that description as an HTML page or a DOCX file.
"""
