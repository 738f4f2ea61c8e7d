"""Alembic environment: runs on the connection the app hands over (never from an ini file).

The live models are not imported: a migration describes the schema as it was at its
revision. Autogenerate (developers only) passes the metadata in
``config.attributes["target_metadata"]``.
"""

from __future__ import annotations

from alembic import context

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=config.attributes.get("target_metadata"),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
