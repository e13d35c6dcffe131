"""The choices of workforce planning: forecasting methods and queueing models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ForecastMethod(models.TextChoices):
    LEVEL_SHAPE = "level-shape", _("daily level × weekday shape")


class QueueingModel(models.TextChoices):
    """The engine's model names, as a planner reads them."""

    ERLANG_C = "erlang_c", _("Erlang C (callers wait)")
    ERLANG_A = "erlang_a", _("Erlang A (callers may hang up)")
