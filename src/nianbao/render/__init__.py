"""Renderers: reports to JSON, tables for people, CSV, debug views and official documents."""
