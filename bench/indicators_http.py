"""The indicators benchmark's web server and plain HTTP client (used by bench/indicators.py): uvicorn
serving the application against the benchmark's database with production settings, and a keep-alive
client carrying a signed-in session cookie."""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def production_environment() -> dict[str, str]:
    """Production settings for the benchmark and its server alike (one secret key, so a session made
    here is valid there), without TLS-only cookies."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
        "DEBUG": "0",
    }


class Server:
    """uvicorn with `workers` worker processes, started and stopped again."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, **production_environment()}
        command = [str(ROOT / ".venv" / "bin" / "uvicorn"), "dxoffice.asgi:application", "--host", HOST]
        command += ["--port", str(self.port), "--workers", str(self.workers), "--no-access-log"]
        command += ["--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if Client(self.port, "").get("/livez")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not come up within 90 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Client:
    """One keep-alive connection with a session cookie."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.session = session
        self.connection = http.client.HTTPConnection(HOST, port, timeout=120)

    def get(self, path: str) -> tuple[int, int]:
        headers = {"Cookie": f"sessionid={self.session}", "Accept-Language": "vi"} if self.session else {}
        try:
            self.connection.request("GET", path, headers=headers)
            answer = self.connection.getresponse()
        except (http.client.HTTPException, ConnectionError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            self.connection.request("GET", path, headers=headers)
            answer = self.connection.getresponse()
        body = answer.read()
        return answer.status, len(body)


def session_for(user) -> str:
    """A signed-in session of `user` stored in the database the server reads."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
