"""The PostgreSQL backend: a workspace shared on a server, reached through psycopg 3.

Everything that knows the workspace is PostgreSQL is here: opening it by URL and bringing its
schema up with the same Alembic migrations as the SQLite file (`workspace`), its errors read by
their SQLSTATE codes (`errors`), and evidence content kept in the database in pieces
(`evidence`). The services stay portable: they see a `Workspace` and a `Session`.
"""
