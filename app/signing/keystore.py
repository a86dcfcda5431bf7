"""Private keys at rest: sealed with a passphrase through scrypt and AES-256-GCM.

PKCS#8's usual encryption (PBKDF2 with a couple of thousand rounds) lets a copied key file be
guessed at millions of passphrases a second. scrypt is slow and memory-hard by design, so each
guess costs tens of milliseconds and tens of megabytes; the cost is stored with the key, so it
can be raised for new keys without breaking old ones. A wrong passphrase and a damaged file
both fail GCM's check and yield no key; the two can't be told apart.

The file is JSON: {"format", "kdf": {"name", "n", "r", "p", "salt"}, "cipher", "nonce",
"sealed"} with base64 values; the sealed data is the key as unencrypted PKCS#8 DER.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT = "compliance-desk-key-1"
CIPHER = "AES-256-GCM"
# 2**15 costs about 32 MiB and 50-100 ms on a laptop: unnoticed when signing, costly to guess.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
# A key file states its own cost, so a hostile one could ask for gigabytes or hours: refuse any
# cost over 4 times the default's memory (scrypt takes 128 * n * r bytes) or 16 times its work.
MAX_SCRYPT_MEMORY = 4 * 128 * SCRYPT_N * SCRYPT_R
MAX_SCRYPT_WORK = 16 * SCRYPT_N * SCRYPT_R * SCRYPT_P


class SealedKeyError(ValueError):
    """The passphrase is wrong, or the file is not a sealed key (the two can't be told apart)."""


class DamagedKeyFileError(SealedKeyError):
    """The file is not a sealed key at all: not the format's JSON, whatever the passphrase."""


class KeyCostError(SealedKeyError):
    """The file's scrypt costs are refused before any derivation: above the limit, or invalid.

    Told apart from a wrong passphrase, since no passphrase would open the file here.
    """

    def __init__(self, n: int, r: int, p: int, *, above_limit: bool) -> None:
        self.n, self.r, self.p = n, r, p
        self.above_limit = above_limit
        super().__init__(f"key cost out of range (n={n}, r={r}, p={p})")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _kdf(salt: bytes, n: int, r: int, p: int) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p)


def _check_cost(n: int, r: int, p: int) -> None:
    """Refuse scrypt parameters that are not valid or not affordable, before deriving anything.

    Raises:
        KeyCostError: they are not valid, or cost more memory or work than allowed.
    """
    if not (n >= 2 and n & (n - 1) == 0 and r >= 1 and p >= 1):
        raise KeyCostError(n, r, p, above_limit=False)
    if 128 * n * r > MAX_SCRYPT_MEMORY or n * r * p > MAX_SCRYPT_WORK:
        raise KeyCostError(n, r, p, above_limit=True)


def seal_key(key: PrivateKeyTypes, passphrase: bytes, *, n: int = SCRYPT_N) -> bytes:
    """The key as a sealed key file's bytes."""
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    salt, nonce = os.urandom(16), os.urandom(12)
    secret = _kdf(salt, n, SCRYPT_R, SCRYPT_P).derive(passphrase)
    sealed = AESGCM(secret).encrypt(nonce, der, FORMAT.encode("ascii"))
    document = {
        "format": FORMAT,
        "kdf": {"name": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "cipher": CIPHER,
        "nonce": _b64(nonce),
        "sealed": _b64(sealed),
    }
    return (json.dumps(document, indent=2) + "\n").encode("ascii")


def unseal_der(data: bytes, passphrase: bytes) -> bytes:
    """The key, as unencrypted PKCS#8 DER, from a sealed key file's bytes.

    Raises:
        KeyCostError: the file asks for scrypt costs that are refused (checked first).
        DamagedKeyFileError: the file is not a sealed key, whatever the passphrase.
        SealedKeyError: the passphrase is wrong (or the sealed part was changed).
    """
    try:
        document: Any = json.loads(data.decode("ascii"))
        kdf = document["kdf"]
        if document["format"] != FORMAT or kdf["name"] != "scrypt" or document["cipher"] != CIPHER:
            raise DamagedKeyFileError("unknown key format")
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        _check_cost(n, r, p)
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(document["nonce"], validate=True)
        sealed = base64.b64decode(document["sealed"], validate=True)
    except (SealedKeyError, KeyCostError):
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        # Nothing was decrypted yet: the file's shape is wrong, whatever the passphrase.
        raise DamagedKeyFileError(str(exc) or type(exc).__name__) from exc
    try:
        secret = _kdf(salt, n, r, p).derive(passphrase)
        return AESGCM(secret).decrypt(nonce, sealed, FORMAT.encode("ascii"))
    except (InvalidTag, ValueError) as exc:
        raise SealedKeyError(str(exc) or type(exc).__name__) from exc


def unseal_key(data: bytes, passphrase: bytes) -> PrivateKeyTypes:
    """The key from a sealed key file's bytes.

    Raises:
        SealedKeyError: the passphrase is wrong or the file is not a sealed key.
    """
    der = unseal_der(data, passphrase)
    try:
        return serialization.load_der_private_key(der, password=None)
    except (ValueError, TypeError) as exc:
        raise SealedKeyError("the sealed data is not a key") from exc
