"""Throwaway services the fault tests break on purpose, all on 127.0.0.1: an SMTP sink and a PostgreSQL
cluster of their own (so the database the suite runs on is never restarted)."""

from __future__ import annotations

import os
import pwd
import shutil
import socketserver
import subprocess
import threading
import time
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.integration.conftest import free_port


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for Django's smtplib backend: EHLO/HELO, MAIL, RCPT, DATA, RSET, QUIT."""

    def handle(self) -> None:
        sink: SMTPSink = self.server.sink  # type: ignore[attr-defined]
        self.wfile.write(b"220 hearth-test ESMTP\r\n")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("latin-1").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 hearth-test\r\n")
            elif verb == "MAIL":
                recipients = []
                self.wfile.write(b"250 OK\r\n")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                sink.record(recipients, message_from_bytes(b"".join(data)))
                self.wfile.write(b"250 OK queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 Bye\r\n")
                return
            else:  # RSET, NOOP and anything else
                self.wfile.write(b"250 OK\r\n")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SMTPSink:
    """An SMTP server on a fixed 127.0.0.1 port that can be taken down (connections refused) and back up."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[tuple[list[str], object]] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None

    def record(self, recipients: list[str], message) -> None:
        with self._lock:
            self.messages.append((recipients, message))

    def sent_to(self, address: str) -> int:
        with self._lock:
            return sum(address in recipients for recipients, _ in self.messages)

    def start(self) -> None:
        self._server = _Server(("127.0.0.1", self.port), _SMTPHandler)
        self._server.sink = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def postgres_bin() -> Path | None:
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / "initdb").exists() and (base / "pg_ctl").exists():
            return base
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


class OwnPostgres:
    """A PostgreSQL cluster in a temporary folder, on a free 127.0.0.1 port, that a test may restart.

    initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` system user.
    """

    def __init__(self, folder: Path) -> None:
        binaries = postgres_bin()
        if binaries is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin = binaries
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.log = folder / "postgres.log"
        self.user = None
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no 'postgres' user to own a test cluster")
            os.chown(folder, self.user.pw_uid, self.user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/hearth"

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def _ctl(self, action: str, *extra: str) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60",
                  action, *extra)

    def start(self) -> None:
        self._ctl("start")
        self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", "-c",
                  "CREATE DATABASE hearth", check=False)

    def restart(self) -> float:
        """``pg_ctl restart -m fast``: open sessions are cut. Returns the seconds it took."""
        started = time.monotonic()
        self._ctl("restart", "-m", "fast")
        return time.monotonic() - started

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
