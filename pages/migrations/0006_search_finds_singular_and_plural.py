"""Search finds "council" and "councils" alike: the search index stems English words.

On SQLite (`make run`) Wagtail's full-text table is made without a stemmer;
it is made again with the Porter stemmer and filled from the index. On
PostgreSQL the index is built with the "english" configuration
(WAGTAILSEARCH_BACKENDS' SEARCH_CONFIG); entries made before that are built
again from the text the index keeps. Pages saved from now on are indexed
the same way, so nothing needs a manual `update_index`.
"""

from django.db import migrations

INDEX = "wagtailsearch_indexentry"
FTS = f"{INDEX}_fts"


def stem_english_words(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if FTS not in connection.introspection.table_names(cursor):
                return  # SQLite without FTS5: Wagtail searches with LIKE instead
            cursor.execute(f"DROP TABLE {FTS}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title, tokenize='porter unicode61')"
            )
            cursor.execute(
                f"INSERT INTO {FTS} (rowid, title, body, autocomplete) SELECT id, title, body, autocomplete FROM {INDEX}"  # noqa: S608
            )
        elif connection.vendor == "postgresql":
            cursor.execute("SHOW default_text_search_config")
            if cursor.fetchone()[0] in ("pg_catalog.english", "english"):
                return  # the entries were already made with the English stemmer
            # Each vector keeps the strongest weight it had (a page's title ranks above its other words).
            cursor.execute(
                f"UPDATE {INDEX} SET "  # noqa: S608
                "title = setweight(to_tsvector('english', title_text), coalesce("
                "(SELECT min(w) FROM unnest(title) AS u, unnest(u.weights) AS w), 'A')::\"char\"), "
                "body = setweight(to_tsvector('english', body_text), coalesce("
                "(SELECT min(w) FROM unnest(body) AS u, unnest(u.weights) AS w), 'D')::\"char\")"
            )


def unstemmed(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if FTS not in connection.introspection.table_names(cursor):
            return
        cursor.execute(f"DROP TABLE {FTS}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title)")
        cursor.execute(
            f"INSERT INTO {FTS} (rowid, title, body, autocomplete) SELECT id, title, body, autocomplete FROM {INDEX}"  # noqa: S608
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_home_page_sections"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(stem_english_words, unstemmed)]
