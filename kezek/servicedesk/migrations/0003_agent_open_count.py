"""A counter of open requests per agent, so that least-loaded assignment reads one row per agent
instead of counting thousands of requests; filled here from the requests already stored."""

from typing import Any

from django.db import migrations, models
from django.db.models import Count

# The open states of kezek.servicedesk.choices.OPEN_STATES when this migration was written.
OPEN_STATES = ("new", "in_progress", "waiting_requester", "waiting_approval", "reopened")


def count_open_requests(apps: Any, schema_editor: Any) -> None:
    request_model = apps.get_model("servicedesk", "Request")
    profile_model = apps.get_model("servicedesk", "AgentProfile")
    loads = dict(
        request_model.objects.filter(assignee__isnull=False, state__in=OPEN_STATES)
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )
    known = set(profile_model.objects.values_list("user_id", flat=True))
    profile_model.objects.bulk_create(
        profile_model(user_id=user_id) for user_id in loads if user_id not in known
    )
    for user_id, n in loads.items():
        profile_model.objects.filter(user_id=user_id).update(open_count=n)


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0002_article_fts"),
    ]

    operations = [
        migrations.AddField(
            model_name="agentprofile",
            name="open_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Open requests assigned to the agent; kept by the desk's services.",
                verbose_name="open requests",
            ),
        ),
        migrations.RunPython(count_open_requests, migrations.RunPython.noop, elidable=True),
    ]
