"""WSGI entry point: refuses to start without the production settings."""

import os

from django.core.wsgi import get_wsgi_application

from kezek.core.deploy import require_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kezek.config.settings")
require_production_settings()
application = get_wsgi_application()
