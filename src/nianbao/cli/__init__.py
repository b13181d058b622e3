"""The command line: one command per library verb. Each command module registers itself on
``app``; a command is argument parsing plus one library call."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="nianbao",
    help="政府信息公开工作年度报告工具箱 — read, check, write and study annual reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules; each adds its commands to ``app`` on import.
from nianbao.cli import parse as _parse  # noqa: E402,F401

for _mod in ("check", "generate", "write", "corpus", "serve", "bench", "demo"):
    try:
        __import__(f"nianbao.cli.{_mod}")
    except ModuleNotFoundError as _e:  # a command module not written yet
        if _e.name != f"nianbao.cli.{_mod}":
            raise


def main() -> None:
    app()
