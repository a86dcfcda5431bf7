"""The core's use cases: one function per user action, each taking a `Session` first.

Services never commit; the caller's unit of work does (`workspace.run_write(change)`, which runs
`change(session)` in `with workspace.write() as session:`, again when a server gave it up for
another writer's sake), so everything one action changes, its audit event included, lands
together or not at all.
"""
