"""Exceptions raised by the library. Only the CLI and the web layer turn them into messages."""

from __future__ import annotations


class NianbaoError(Exception):
    """Base class of every error nianbao raises on purpose."""


class InputError(NianbaoError):
    """A file cannot be read as a report: missing, empty, unsupported, corrupt or locked.

    ``source`` names the file (or ``<bytes>``); ``problem`` says what is wrong, in Chinese
    first with an English gloss, because users read it.
    """

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class TemplateError(NianbaoError):
    """A template file is malformed (a programming error in the shipped data)."""
