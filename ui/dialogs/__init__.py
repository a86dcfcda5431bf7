"""The app's dialogs; each is opened with `open()` and reports through `accepted`/`finished`."""
