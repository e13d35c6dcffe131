"""Kezek settings, read from environment variables (placeholder, being written)."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SECRET_KEY = "dev-only-insecure-key"  # noqa: S105
DEBUG = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "kezek.wfm",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "var" / "kezek.sqlite3"}}
USE_TZ = True
TIME_ZONE = "UTC"
