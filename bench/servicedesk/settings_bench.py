"""Production settings for the benchmark, except static files served without a manifest
(no ``collectstatic`` step for a throwaway run)."""

from kezek.config.settings import *  # noqa: F403
from kezek.config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
