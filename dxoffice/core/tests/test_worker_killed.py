"""A web worker killed outright (out of memory, `kill -9`) costs only the requests it held: the other
workers go on serving, and uvicorn's supervisor starts a replacement, as docs/deploy.md runs it.

The server runs as the deployment runs it (several uvicorn worker processes, production settings);
the test waits on conditions with a deadline, never for a fixed time."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR).parent
UVICORN = Path(sys.executable).with_name("uvicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # The fields after the command name (in parentheses): state, then the parent's pid.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"spawn_main" in cmdline:  # a worker, not the resource tracker
            found.add(int(entry.name))
    return found


def _wait_for(condition: Callable[[], object], what: str, deadline: float = 60.0) -> object:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _status(url: str, timeout: float = 5) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    environment.update(
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        DXOFFICE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="dxoffice.settings",
        PYTHONPATH=str(ROOT),
    )
    command = [str(UVICORN), "dxoffice.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", "2"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_killed_worker_is_replaced_and_the_others_keep_serving(server):
    process, base = server
    _wait_for(lambda: len(_children(process.pid)) == 2, "two workers")
    _wait_for(lambda: _status(f"{base}/livez") == 200, "the server to answer")
    before = _children(process.pid)

    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    # The survivor takes every request at once: none fails while the supervisor notices.
    answers = [_status(f"{base}/livez") for _ in range(20)]
    assert answers == [200] * 20

    def replaced() -> set[int] | None:
        children = _children(process.pid)
        return children if len(children) == 2 and victim not in children else None

    after = _wait_for(replaced, "a replacement worker")
    assert isinstance(after, set) and after - before and process.poll() is None
    # The replacement serves: with the other first worker killed too, it alone answers (a request
    # that comes while it is still starting waits in the socket's queue, it is not refused).
    os.kill(max(before), signal.SIGKILL)
    assert [_status(f"{base}/livez", timeout=60) for _ in range(20)] == [200] * 20
