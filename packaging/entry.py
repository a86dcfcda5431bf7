"""The built app's entry point: the same `compliance-desk` command a pip install makes."""

from ui.launcher import main

raise SystemExit(main())
