"""The app's composite widgets."""
