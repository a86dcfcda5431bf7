"""`python -m ui`: the same entry point as the `compliance-desk` command."""

from __future__ import annotations

from ui.launcher import main

raise SystemExit(main())
