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

# Command modules; each adds its commands to ``app`` on import (the order is the order of
# ``nianbao --help``).
for _mod in ("parse", "check", "generate", "write", "corpus", "serve", "bench", "demo"):
    __import__(f"nianbao.cli.{_mod}")


def main() -> None:
    app()
