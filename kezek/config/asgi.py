"""ASGI entry point: refuses to start without the production settings."""

import os

from django.core.asgi import get_asgi_application

from kezek.config.production import require_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kezek.config.settings")
require_production_settings()
application = get_asgi_application()
