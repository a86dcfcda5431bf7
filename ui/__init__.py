"""Compliance Desk's Qt desktop interface: a thin caller of the `app` services."""
