"""A throwaway PostgreSQL cluster for the store tests: initdb + pg_ctl in a temporary folder,
listening on 127.0.0.1 on a free port, removed afterwards.

The server binaries come from the Debian package ``postgresql`` (scripts/apt-packages.txt).
When they are missing the tests fail, unless NIANBAO_SKIP_PG=1 asks to skip them (for a
machine without PostgreSQL; CI never sets it).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

SKIP_ENV = "NIANBAO_SKIP_PG"


def _bindir() -> Path | None:
    for candidate in [shutil.which("pg_ctl"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)]:
        if candidate and Path(candidate).exists():
            return Path(candidate).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    """A running cluster; ``url(db)`` names a database on it, ``new_database()`` makes one."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="nianbao-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        # As root, the server must run as an unprivileged user: the Debian package's postgres.
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")

    def start(self) -> PgCluster:
        if self.user:
            shutil.chown(self.root, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def start_cluster() -> PgCluster:
    """Start a cluster, or fail (skip only when NIANBAO_SKIP_PG=1) when PostgreSQL is absent."""
    bindir = _bindir()
    if bindir is None:
        reason = "PostgreSQL server binaries not found: install the Debian package postgresql (scripts/setup.sh)"
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"{reason}; skipped because {SKIP_ENV}=1")
        pytest.fail(reason + f" (set {SKIP_ENV}=1 to skip the PostgreSQL tests on this machine)")
    return PgCluster(bindir).start()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path) -> str:
    """An empty store URL on each backend (import this fixture into a test module)."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    return request.getfixturevalue("pg_cluster").new_database()
