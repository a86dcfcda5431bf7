"""The error kinds the core raises, split by who can act on them.

`UserError` is something the person at the keyboard can mend (bad input, a rule, a missing or
locked file): the command line prints it as one `error:` line and the GUI shows it as a message.
Anything else that escapes the core is a bug: logged with its traceback, shown as a crash dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.i18n import _


class AppError(Exception):
    """Base of every error the core raises on purpose."""


class UserError(AppError):
    """A refusal or failure the user can act on; its text says what and how to mend it.

    The window and the command line both show it, so its text names no command-line flag. What
    to type to mend it goes in `command_hint`, which the command line adds ("history X --verify
    says where"); the window's own way to mend it, if any, in `window_hint` ("its History says
    where"), which is part of `str(error)`, the text the window shows.

    Attributes:
        message: the text without either hint.
        command_hint: the command line's way to mend it, or "".
    """

    def __init__(self, message: str = "", *, command_hint: str = "", window_hint: str = "") -> None:
        super().__init__("; ".join(part for part in (message, window_hint) if part))
        self.message = message
        self.command_hint = command_hint

    def for_command_line(self) -> str:
        """The text as the command line says it: with its hint there is one, else as shown."""
        if not self.command_hint:
            return str(self)
        return "; ".join(part for part in (self.message, self.command_hint) if part)


class ProblemsError(UserError):
    """Several things wrong at once; the command line prints each as an `error:` line."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines: tuple[str, ...] = tuple(lines)
        super().__init__(self.lines[0] if self.lines else "")


class NotFoundError(UserError):
    """A named thing (assessment, item, checklist, action) does not exist."""


class RuleError(UserError):
    """An operation broke one of the product's rules (locking, n/a needs a note, scope, ...)."""


class ReadOnlyError(UserError):
    """The person may read the thing but not change it: their role on the district reads only."""


class WorkspaceError(UserError):
    """The workspace can't be opened or migrated: newer version, locked, damaged."""


class WorkspaceChangedError(WorkspaceError):
    """Another program changed the workspace while a restore was about to replace it.

    Nothing was restored; the change is kept. Trying again backs up the new state first.
    """


class DamagedWorkspaceError(WorkspaceError):
    """The workspace file is damaged: SQLite finds it malformed, or not a database at all.

    Callers offer the newest good backup (see `app/backups.newest_good_backup`). `damage` says
    what is wrong without saying what to do, for a caller that says that itself.
    """

    def __init__(self, message: str, *, damage: str | None = None) -> None:
        super().__init__(message)
        self.damage = damage or message


class ConcurrentChangeError(WorkspaceError):
    """Another person's change met this one at the same moment; nothing of this one was saved.

    A server workspace says so for a serialization failure, a deadlock or a unique value taken
    at the same moment; trying again is the remedy.
    """


class ServerRefusedError(WorkspaceError):
    """The workspace's server refused: this account may not do that, or may not log in."""


class PasswordNeededError(ServerRefusedError):
    """The server asked for the login's password and was given none.

    Not a wrong password: nothing was tried. The window asks for it in its connection dialog,
    the command line at the terminal; `for_command_line` is what the command line says where
    it can't ask (no terminal), naming the two ways to give it there.

    Attributes:
        server: the server as refusals name it (`host:port/database`).
        user: the login that needs its password.
    """

    def __init__(self, server: str, user: str) -> None:
        super().__init__(
            _(
                "The district server {server} needs the password of the login {user}: type it "
                "in the Password field."
            ).format(server=server, user=user)
        )
        self.server = server
        self.user = user

    def for_command_line(self) -> str:
        """Where no terminal can ask: the environment, or the keyring the window fills."""
        return _(
            "The district server {server} needs the password of the login {user}: set it in "
            "PGPASSWORD, or connect once in the window (File > Connect to district workspace) "
            "with Remember password ticked, so that the system keyring keeps it."
        ).format(server=self.server, user=self.user)


class ServerUnavailableError(WorkspaceError):
    """The workspace's server can't be reached, or stopped serving (shut down, full, busy)."""


class NotOnServerError(UserError):
    """Something that belongs to a workspace file (its backups, say) asked of a server workspace."""


@dataclass(frozen=True)
class Problem:
    """One finding in a file: where it is and which rule it breaks.

    Attributes:
        file: the file's name as the user gave it.
        line: 1-based line number, or 0 when the problem is about the file as a whole.
        message: what is wrong, naming the object (e.g. "item 'a-3': severity must be ...").
    """

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ChecklistError(UserError):
    """A checklist file breaks the format; carries every problem found, in line order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
