"""Run a parsed command: exit status and messages as the command-line contract says.

0 done; 1 refused or failed for a reason the user can act on, with one `error:` line per problem;
2 wrong words (argparse); 3 an unexpected failure, whose traceback goes to the log file only.
"""

from __future__ import annotations

import argparse
import logging

from app.cli.output import error, show_log_warnings
from app.cli.registry import command_of
from app.cli.server_password import with_kept_password, with_typed_password
from app.errors import ChecklistError, PasswordNeededError, ProblemsError, UserError
from app.i18n import _
from app.paths import resolve_paths
from app.settings import load_settings
from app.signoff_gate import SignOffBlockedError
from app.workspace_url import with_workspace

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_BUG = 3

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Run one command-line command and return its exit status; never raises."""
    show_log_warnings()
    try:
        paths = resolve_paths(args.data_dir)
    except UserError as exc:
        error(exc.for_command_line())
        return EXIT_REFUSED
    try:
        setting = load_settings(paths, quiet=True).database_url
        paths = with_workspace(paths, getattr(args, "database_url", None), setting)
        if paths.on_server:
            paths = with_kept_password(paths)
    except UserError as exc:
        error(exc.for_command_line())
        return EXIT_REFUSED
    try:
        command = command_of(args)
        if command is None:
            raise UserError(_("give a command; see compliance-desk --help"))
        try:
            return command(args, paths)
        except PasswordNeededError as exc:
            if not paths.on_server or args.command == "server":
                raise  # a server command's own connection asked already (`admin_connection`)
            # Refused on connecting, before anything was done: asked once, then run again.
            return command(args, with_typed_password(paths, exc))
    except ChecklistError as exc:
        for problem in exc.problems:
            error(str(problem))
        return EXIT_REFUSED
    except SignOffBlockedError as exc:
        error(exc.for_command_line())
        for blocker in exc.blockers:
            error("  " + blocker.message)
        return EXIT_REFUSED
    except ProblemsError as exc:
        for line in exc.lines:
            error(line)
        return EXIT_REFUSED
    except UserError as exc:
        error(exc.for_command_line())
        return EXIT_REFUSED
    except PermissionError as exc:
        # Not a bug: a file or folder this user may not use (another user's data folder, say).
        error(_("can't use {path}: permission denied").format(path=exc.filename or paths.data_dir))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        error(_("interrupted"))
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: keep the traceback out of sight, in the log
        from app.logs import configure_logging, log_file  # only a failure needs the log file

        if configure_logging(paths) is not None:
            log.exception("unexpected failure in %s", args.command)
            where = _("details are in {log}").format(log=log_file(paths))
        else:
            where = _("no log could be written")
        error(
            _("unexpected failure ({kind}: {exc}); {where}").format(
                kind=type(exc).__name__, exc=exc, where=where
            )
        )
        return EXIT_BUG
