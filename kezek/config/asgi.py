"""ASGI entry point: checks the production settings before serving."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kezek.config.settings")
application = get_asgi_application()

from kezek.config.production import require_production_settings  # noqa: E402

require_production_settings()
