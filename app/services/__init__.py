"""The core's use cases: one function per user action, each taking a `Session` first.

Services never commit; the caller's unit of work does (`with workspace.write() as session:`), so
everything one action changes, its audit event included, lands together or not at all.
"""
