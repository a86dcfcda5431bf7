"""The district workspace's password in the system keyring, where the system has one.

The password is never written by the app itself: the settings are a plain file, and so are the
logs. Where the system offers a keyring (the Secret Service on Linux desktops, the macOS
Keychain, the Windows Credential Locker), the `keyring` library keeps it there, encrypted for
the logged-in user, when the person asks. Where none is (a server, a container, a desktop
without one: keyring's `fail` or `null` backend), or the keyring fails, nothing is kept and the
password is asked for each time.

Each password is filed under the URL it opens without the password (`DistrictLogin.url`): a
login to another database or server has its own. A keyring's failure is logged by its kind
only, since a backend's message could quote what it was handed.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# The "service" the keyring files the passwords under (the name its own manager shows).
KEYRING_SERVICE = "Compliance Desk district workspace"


def keyring_available() -> bool:
    """Whether a system keyring can keep a password here.

    Not keyring's fail or null backend (there is none), nor a backend of `keyrings.alt`, whose
    files keep passwords in plain text or behind a password of their own: installed beside the
    app, it would otherwise be chosen where the system has no keyring.
    """
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
        kept_by = (
            list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else [backend]
        )
    except Exception as exc:  # a broken installation or platform: no keyring, as with none
        log.info("no system keyring (%s)", type(exc).__name__)
        return False
    return bool(kept_by) and not any(
        isinstance(one, (fail.Keyring, null.Keyring))
        or type(one).__module__.startswith("keyrings.alt")
        for one in kept_by
    )


def stored_password(url: str) -> str | None:
    """The password kept for the login `url` (without password) names; None if none is."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, url)
    except Exception as exc:  # locked, refused, gone: asked for instead
        log.info("the system keyring gave no password (%s)", type(exc).__name__)
        return None


def remember_password(url: str, password: str) -> bool:
    """Keep `password` for `url` in the system keyring; whether it was kept."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, url, password)
    except Exception as exc:
        log.info("the system keyring did not keep the password (%s)", type(exc).__name__)
        return False
    return True


def forget_password(url: str) -> None:
    """Remove any password kept for `url` (the person no longer wants it remembered)."""
    if not keyring_available():
        return
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, url)
    except PasswordDeleteError:
        pass  # none was kept
    except Exception as exc:
        log.info("the system keyring did not forget the password (%s)", type(exc).__name__)
