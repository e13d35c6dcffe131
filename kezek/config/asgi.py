"""ASGI entry point: refuses to start without the production settings."""

import os

from django.core.asgi import get_asgi_application

from kezek.core.deploy import require_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kezek.config.settings")
require_production_settings()
application = get_asgi_application()
