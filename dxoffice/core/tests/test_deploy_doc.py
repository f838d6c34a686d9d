"""docs/deploy.md says what the code does: every variable the settings read is in its table (and no
other), production settings pool PostgreSQL connections, HEAD on the health checks answers like GET,
and collectstatic writes the pre-compressed files nginx serves."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR).parent
SETTINGS = (Path(settings.BASE_DIR) / "settings.py").read_text(encoding="utf-8")
DEPLOY = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def _production(code: str, tmp_path: Path, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DB_POOL", "DATABASE_URL"}}
    environment.update(
        SECRET_KEY="s" * 60, ALLOWED_HOSTS="dx.example.vn", DXOFFICE_VAR_DIR=str(tmp_path), **env
    )
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_variables_table_lists_exactly_what_the_settings_read():
    read = set(re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z_]+)"', SETTINGS))
    documented = {
        name
        for row in re.findall(r"^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \|", DEPLOY, flags=re.MULTILINE)
        for name in re.findall(r"`([A-Z_]+)`", row)
    }
    assert read and read == documented


def test_production_pools_postgresql_connections_and_bounds_connecting(tmp_path):
    code = "import dxoffice.settings as s; d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['OPTIONS'])"
    url = "postgres://dxoffice@127.0.0.1:5432/dxoffice"
    pooled = _production(code, tmp_path, DATABASE_URL=url)
    assert pooled == ("0 {'connect_timeout': 5, 'pool': {'min_size': 2, 'max_size': 8, 'timeout': 10.0}}")
    assert _production(code, tmp_path, DATABASE_URL=url, DB_POOL="0") == "0 {'connect_timeout': 5}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/livez"])
def test_health_checks_answer_head_like_get(client, path):
    head = client.head(path)
    assert head.status_code == client.get(path).status_code == 200
    assert head.content == b""


def test_collectstatic_writes_hashed_gzip_and_brotli_files(tmp_path):
    static = tmp_path / "static"
    _production(
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', '--noinput', verbosity=0)",
        tmp_path,
        DJANGO_SETTINGS_MODULE="dxoffice.settings",
        STATIC_ROOT=str(static),
    )
    css = [p.name for p in (static / "dxoffice").iterdir() if p.name.startswith("app.")]
    assert any(re.fullmatch(r"app\.[0-9a-f]{12}\.css\.br", name) for name in css), css
    assert any(re.fullmatch(r"app\.[0-9a-f]{12}\.css\.gz", name) for name in css), css
    assert (static / "staticfiles.json").exists()
