"""Guards: migrations up to date, production settings pass check --deploy, ruff is clean."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XXGK_", "DJANGO_"))}
    env.update(extra)
    return env


def test_no_missing_migrations():
    result = subprocess.run([sys.executable, "-m", "xxgk.cli", "makemigrations", "--check", "--dry-run"],
                            cwd=ROOT, capture_output=True, text=True,
                            env=_env(DJANGO_SETTINGS_MODULE="config.settings.test"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_auto_named_migrations():
    auto = [p.name for p in ROOT.glob("xxgk/*/migrations/*_auto_*.py")]
    assert auto == []


def test_production_settings_pass_check_deploy():
    key = secrets.token_urlsafe(64)
    result = subprocess.run(
        [sys.executable, "-m", "xxgk.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True,
        env=_env(DJANGO_SETTINGS_MODULE="config.settings.production", XXGK_SECRET_KEY=key,
                 XXGK_ALLOWED_HOSTS="gk.example.gov.cn"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_default_secret():
    result = subprocess.run([sys.executable, "-m", "xxgk.cli", "check"], cwd=ROOT, capture_output=True, text=True,
                            env=_env(DJANGO_SETTINGS_MODULE="config.settings.production"))
    assert result.returncode != 0 and "XXGK_SECRET_KEY" in result.stderr


def test_production_uses_argon2_first():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.LANGUAGE_CODE == "zh-hans"


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
