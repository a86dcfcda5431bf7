"""The audit report: an assessment rendered to PDF, as a pure function of its snapshot."""
