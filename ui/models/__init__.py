"""Qt item models over the core's snapshots."""
