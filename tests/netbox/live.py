"""A real NetBox for the tests: NetBox's own source (shared/vendor), its own virtualenv,
its own PostgreSQL instance and Redis on free ports, the community demo data.

``start(workdir)`` brings it up (about a minute the first time, most of it pip; the
virtualenv is kept in a cache keyed by the tarball's digest) and returns a
:class:`LiveNetbox`; ``stop()`` ends every process it started, by process id.
``unavailable()`` says why it cannot run here (no vendored copy, no PostgreSQL, no
Redis), for a skip with its reason.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.scram import DATASETS

VENDOR = DATASETS.parent / "vendor" / "netbox-4.2.9.tar.gz"
DEMO_SQL = DATASETS / "netbox-demo-data" / "sql" / "netbox-demo-v4.2.sql"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "depgraph-tests"


def _postgres_bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                      else 0)
    return versions[-1].parent if versions else None


def unavailable() -> str | None:
    """Why a live NetBox cannot run here, or None."""
    if not VENDOR.is_file() or not DEMO_SQL.is_file():
        return "the vendored NetBox or its demo data is not beside this checkout"
    if _postgres_bin() is None:
        return "PostgreSQL is not installed (Debian: postgresql)"
    if shutil.which("redis-server") is None:
        return "Redis is not installed (Debian: redis-server)"
    return None


#: The port the recorded responses were served from (their URLs name it): the live
#: NetBox takes it when it is free, so that its answers are the recorded ones exactly.
RECORDED_PORT = 8765


def _free_port(preferred: int = 0) -> int:
    with socket.socket() as probe:
        # As servers do: a port whose last connections are closing (TIME_WAIT) is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _venv() -> Path:
    """NetBox's virtualenv, built once per tarball."""
    digest = hashlib.sha256(VENDOR.read_bytes()).hexdigest()[:16]
    home = CACHE / f"netbox-{digest}"
    python = home / "venv" / "bin" / "python"
    if (home / "ready").exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    with tarfile.open(VENDOR) as archive:
        archive.extractall(home, filter="data")
    subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-r",
                    str(home / "netbox-4.2.9" / "requirements.txt")], check=True,
                   capture_output=True)
    (home / "ready").write_text("", encoding="utf-8")
    return home


@dataclass
class LiveNetbox:
    url: str
    token: str
    workdir: Path
    pids: list[int] = field(default_factory=list)
    postgres: tuple[Path, Path] | None = None  # pg_ctl, data directory
    cleanup: list[Path] = field(default_factory=list)

    def stop(self) -> None:
        for pid in reversed(self.pids):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if self.postgres is not None:
            pg_ctl, data = self.postgres
            _as_postgres([str(pg_ctl), "-D", str(data), "-m", "immediate", "stop"],
                         check=False)
        for directory in self.cleanup:
            shutil.rmtree(directory, ignore_errors=True)


def _as_postgres(command: list[str], **options) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    options.setdefault("check", True)
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          **options)


def start(workdir: Path) -> LiveNetbox:
    home = _venv()
    python = home / "venv" / "bin" / "python"
    source = home / "netbox-4.2.9" / "netbox"
    live = LiveNetbox("", "", workdir)
    try:
        _start_postgres(live, workdir)
        _start_redis(live, workdir)
        port = _configure(live, source)
        run = dict(cwd=source, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        subprocess.run([str(python), "manage.py", "migrate", "--no-input"], **run)
        token = subprocess.run(
            [str(python), "manage.py", "nbshell", "--command",
             "from users.models import Token, User; "
             "print(Token.objects.create(user=User.objects.filter(is_superuser=True)"
             ".first()).key)"], cwd=source, check=True, capture_output=True, text=True)
        live.token = token.stdout.strip().splitlines()[-1]
        server = subprocess.Popen([str(python), "manage.py", "runserver",
                                   f"127.0.0.1:{port}", "--noreload"], cwd=source,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        live.pids.append(server.pid)
        live.url = f"http://127.0.0.1:{port}"
        _wait_for(live)
        return live
    except BaseException:
        live.stop()
        raise


def _start_postgres(live: LiveNetbox, workdir: Path) -> None:
    binaries = _postgres_bin()
    assert binaries is not None
    # A directory of its own that the postgres user can reach (a test's tmp_path may sit
    # in a directory only its owner may enter).
    workdir = Path(tempfile.mkdtemp(prefix="depgraph-postgres-"))
    live.cleanup.append(workdir)
    data = workdir / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(workdir, user.pw_uid, user.pw_gid)
        os.chown(data, user.pw_uid, user.pw_gid)
    password = secrets.token_urlsafe(16)
    live.db_password = password  # type: ignore[attr-defined]
    live.db_port = port = _free_port()  # type: ignore[attr-defined]
    _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"])
    _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-w", "-l",
                  str(workdir / "postgres.log"), "-o",
                  f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1", "start"])
    live.postgres = (binaries / "pg_ctl", data)
    psql = [str(binaries / "psql"), "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
    subprocess.run([*psql, "-c", f"CREATE USER netbox WITH PASSWORD '{password}' SUPERUSER",
                    "-c", "CREATE DATABASE netbox OWNER netbox"], check=True,
                   stdout=subprocess.DEVNULL)
    with DEMO_SQL.open("rb") as sql:
        subprocess.run([*psql, "-d", "netbox"], stdin=sql, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, PGUSER="netbox"))


def _start_redis(live: LiveNetbox, workdir: Path) -> None:
    live.redis_port = port = _free_port()  # type: ignore[attr-defined]
    redis = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port),
                              "--dir", str(workdir), "--save", ""],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    live.pids.append(redis.pid)


def _configure(live: LiveNetbox, source: Path) -> int:
    redis = {"HOST": "127.0.0.1", "PORT": live.redis_port, "SSL": False}  # type: ignore
    configuration = (
        'ALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
        f'DATABASE = {{"NAME": "netbox", "USER": "netbox", '
        f'"PASSWORD": "{live.db_password}", "HOST": "127.0.0.1", '  # type: ignore
        f'"PORT": "{live.db_port}"}}\n'  # type: ignore
        f'REDIS = {{"tasks": {dict(redis, DATABASE=0)!r}, '
        f'"caching": {dict(redis, DATABASE=1)!r}}}\n'
        f'SECRET_KEY = "{secrets.token_urlsafe(60)}"\n')
    (source / "netbox" / "configuration.py").write_text(configuration, encoding="utf-8")
    return _free_port(RECORDED_PORT)


def _wait_for(live: LiveNetbox, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(f"{live.url}/api/status/",
                                     headers={"Authorization": f"Token {live.token}"})
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
