"""Settings come from the environment; production settings pass `wisam check --deploy` and refuse missing secrets."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path


def _wisam(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("WISAM_", "DATABASE_URL", "SECRET_KEY", "DJANGO_"))
    }
    clean.update({"WISAM_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "wisam", *args], env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = _wisam(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "WISAM_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "WISAM_KEY_ENCRYPTION_SECRET": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "wisam.example",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _wisam(["check"], {"WISAM_ENV": "production", "ALLOWED_HOSTS": "wisam.example"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_secrets_are_generated_and_kept_private(tmp_path: Path) -> None:
    result = _wisam(["check"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    secret_file = tmp_path / "secrets" / "secret_key"
    assert secret_file.exists()
    assert secret_file.stat().st_mode & 0o077 == 0
