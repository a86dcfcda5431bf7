"""The functions that run the command line's commands, one module per area.

Their words (the parsers) are in `app/cli/words/`, which names each function here by module and
name; a module here is imported only when one of its commands runs. Each still imports the data
layer (the services, the workspace, the backups, bundles) inside the functions that use it, so a
command loads what it uses and no more.
"""
