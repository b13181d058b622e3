"""What every command shares: turning library errors into one clear line and exit status 2."""

from __future__ import annotations

import contextlib
import sys

import typer
from rich.console import Console

from nianbao.errors import NianbaoError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> typer.Exit:
    """Print one error line (to stderr) and return the Exit(2) to raise."""
    err_console.print(f"[bold red]错误[/]: {message}", markup=True)
    return typer.Exit(EXIT_ERROR)


@contextlib.contextmanager
def user_errors():
    """Library errors caused by the user's input end the command with exit status 2."""
    try:
        yield
    except NianbaoError as e:
        raise fail(str(e)) from None
    except KeyboardInterrupt:
        err_console.print("已中断 (interrupted)")
        raise typer.Exit(130) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
