"""The district workspace's schools, people, grants, and the database's rules about them.

The PostgreSQL roles and row-level security here make the database itself decide who sees and
changes what. Only the `server` commands use this package, through an administrator's
connection; the app's own connections (a person's login) are what it restricts.
"""
