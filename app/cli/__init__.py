"""The command line: a thin caller of the same services as the GUI."""

PROG = "compliance-desk"
