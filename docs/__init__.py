"""Documentation helpers: the demonstration workspace and the scripts that make the pictures."""
