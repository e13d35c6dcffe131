"""Production settings: the process refuses to start without them and is clean with them."""

from __future__ import annotations

import os
import subprocess
import sys

PRODUCTION = {
    "KEZEK_SECRET_KEY": "x7#m2!q9vK_production_key_for_tests_only_4sd8f7g6h5j4k3l2",
    "KEZEK_ALLOWED_HOSTS": "kezek.example.com",
    "DJANGO_SETTINGS_MODULE": "kezek.config.settings",
}


def run(code_or_args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KEZEK_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, *code_or_args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_web_process_refuses_to_start_without_a_secret_key() -> None:
    env = {"DJANGO_SETTINGS_MODULE": "kezek.config.settings", "KEZEK_ALLOWED_HOSTS": "x.example"}

    result = run(["-c", "import kezek.config.wsgi"], env)

    assert result.returncode != 0
    assert "KEZEK_SECRET_KEY" in result.stderr


def test_the_deploy_check_is_clean_with_the_documented_variables() -> None:
    result = run(["-m", "kezek", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_names_a_missing_variable() -> None:
    env = {**PRODUCTION, "KEZEK_ALLOWED_HOSTS": ""}

    result = run(["-m", "kezek", "check", "--deploy"], env)

    assert result.returncode != 0
    assert "KEZEK_ALLOWED_HOSTS is not set" in result.stderr


def test_a_job_timeout_under_one_second_is_refused() -> None:
    # Workers beat every fifth of it: zero would have them write without pause.
    env = {**PRODUCTION, "KEZEK_JOB_STALE_SECONDS": "0"}

    result = run(["-c", "import kezek.config.settings"], env)

    assert result.returncode != 0
    assert "KEZEK_JOB_STALE_SECONDS must be 1 or more: 0" in result.stderr
