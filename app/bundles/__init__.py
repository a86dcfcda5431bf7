"""Bundles (`.cdesk`): one assessment, whole, carried between workspaces.

`format` says what a bundle is, `manifest` turns rows into its JSON and back, `reading` opens a
bundle without trusting it, `checks` proves its contents hold together, `writing` exports one and
`importing` inspects and imports one. docs/bundle-format.md describes the format.
"""
