"""Production settings: secrets come from the environment, and the deploy checks are clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(tmp_path, *args, command="check", **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        STATIC_ROOT=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", command, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


REAL_VALUES = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "pm1.go.th",
    "DATABASE_URL": "postgres://pm1:secret@db.internal:5432/pm1",
}


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_check(tmp_path, ALLOWED_HOSTS="pm1.go.th", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode != 0
    assert "The SECRET_KEY environment variable is required in production." in result.stderr


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = run_check(
        tmp_path, SECRET_KEY="changeme", ALLOWED_HOSTS="pm1.go.th", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_deploy_check_is_clean_with_real_values(tmp_path):
    result = run_check(
        tmp_path,
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="pm1.go.th",
        DATABASE_URL="postgres://pm1:secret@db.internal:5432/pm1",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_are_https_only_and_hsts_is_on(tmp_path):
    result = run_check(tmp_path, "--all", command="diffsettings", **REAL_VALUES)
    assert result.returncode == 0, result.stderr
    # diffsettings marks the values that equal Django's defaults with "### ".
    lines = (line.removeprefix("### ") for line in result.stdout.splitlines())
    values = dict(line.split(" = ", 1) for line in lines if " = " in line)
    expected = {
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SESSION_COOKIE_HTTPONLY": "True",
        "SECURE_SSL_REDIRECT": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
        "SECURE_CONTENT_TYPE_NOSNIFF": "True",
        "X_FRAME_OPTIONS": "'DENY'",
    }
    assert {name: values[name].strip() for name in expected} == expected


def test_production_refuses_uploads_inside_the_code_tree(tmp_path):
    result = run_check(tmp_path, MEDIA_ROOT=str(ROOT / "var" / "media"), **REAL_VALUES)
    assert result.returncode != 0
    assert "MEDIA_ROOT must be outside the code tree" in result.stderr


def test_production_refuses_a_cache_of_each_process_own_while_pages_are_cached(tmp_path):
    for url in ("locmemcache://", "dummycache://"):
        result = run_check(tmp_path, CACHE_URL=url, **REAL_VALUES)
        assert result.returncode != 0
        assert "CACHE_URL names a cache of each process's own" in result.stderr


def test_production_takes_a_cache_of_each_process_own_when_pages_are_not_cached(tmp_path):
    result = run_check(tmp_path, CACHE_URL="locmemcache://", PUBLIC_PAGE_CACHE="False", **REAL_VALUES)
    assert result.returncode == 0, result.stderr


def test_production_shares_the_database_cache_by_default_or_redis(tmp_path):
    result = run_check(tmp_path, "--all", command="diffsettings", **REAL_VALUES)
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.db.DatabaseCache" in result.stdout
    result = run_check(
        tmp_path, "--all", command="diffsettings", CACHE_URL="rediscache://127.0.0.1:6379/0", **REAL_VALUES
    )
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.redis.RedisCache" in result.stdout
