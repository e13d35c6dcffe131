"""The SQLite FTS5 index of knowledge-base articles (PostgreSQL searches the columns directly).

Created only when the database is SQLite; ``kezek.servicedesk.services.kb.article_save`` keeps it
in sync, and this migration fills it from the articles that exist.
"""

from django.db import migrations

TABLE = "servicedesk_article_fts"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    Article = apps.get_model("servicedesk", "Article")
    for pk, title, body in Article.objects.values_list("pk", "title", "body"):
        schema_editor.execute(
            f"INSERT INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)", [pk, title, body]
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
