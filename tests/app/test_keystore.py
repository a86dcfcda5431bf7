"""Keys at rest: sealed with scrypt and AES-GCM, and refused whole when anything is off."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from app.signing import keystore
from app.signing.keystore import (
    FORMAT,
    DamagedKeyFileError,
    KeyCostError,
    SealedKeyError,
    seal_key,
    unseal_key,
)

CHEAP = 2**10  # the format stores the cost; tests need not pay the real one


@pytest.fixture(scope="module")
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def numbers(k: object) -> int:
    assert isinstance(k, ec.EllipticCurvePrivateKey)
    return k.private_numbers().private_value


def test_round_trip_and_the_cost_is_stored(key) -> None:
    sealed = seal_key(key, "pässwörd".encode(), n=CHEAP)
    document = json.loads(sealed)
    assert document["format"] == FORMAT and document["kdf"]["n"] == CHEAP
    assert numbers(unseal_key(sealed, "pässwörd".encode())) == numbers(key)
    # Each sealing draws a fresh salt and nonce.
    assert seal_key(key, b"same", n=CHEAP) != seal_key(key, b"same", n=CHEAP)


def test_the_default_cost_is_scrypt_2_to_the_15(key) -> None:
    kdf = json.loads(seal_key(key, b"passphrase"))["kdf"]
    assert (kdf["name"], kdf["n"], kdf["r"], kdf["p"]) == ("scrypt", 2**15, 8, 1)
    assert len(base64.b64decode(kdf["salt"])) == 16


def tampered(sealed: bytes, change) -> bytes:
    document = json.loads(sealed)
    change(document)
    return json.dumps(document).encode()


def flip_sealed(document) -> None:
    data = bytearray(base64.b64decode(document["sealed"]))
    data[5] ^= 1
    document["sealed"] = base64.b64encode(bytes(data)).decode()


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s[:-40],  # truncated
        lambda s: b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n",  # another format
        lambda s: b"\xff\xfe",  # not text
        lambda s: tampered(s, flip_sealed),
        lambda s: tampered(s, lambda d: d.update(format="other")),
        lambda s: tampered(s, lambda d: d["kdf"].update(n=2**30)),  # a memory bomb
        lambda s: tampered(s, lambda d: d["kdf"].update(salt="***")),
        lambda s: tampered(s, lambda d: d.pop("nonce")),
    ],
    ids=["truncated", "pem", "binary", "flipped", "format", "cost", "salt", "nonce"],
)
def test_damaged_files_are_refused(key, damage) -> None:
    sealed = seal_key(key, b"passphrase", n=CHEAP)
    with pytest.raises(SealedKeyError):
        unseal_key(damage(sealed), b"passphrase")


def test_a_wrong_passphrase_is_refused(key) -> None:
    with pytest.raises(SealedKeyError):
        unseal_key(seal_key(key, b"passphrase", n=CHEAP), b"Passphrase")


@pytest.mark.parametrize(
    ("n", "r", "p"),
    [(2**20, 32, 16), (2**16, 32, 1), (2**20, 8, 16), (2**15, 8, 2**10), (3 * 2**10, 8, 1)],
)
def test_absurd_costs_are_refused_before_any_derivation(key, n, r, p, monkeypatch) -> None:
    sealed = seal_key(key, b"passphrase", n=CHEAP)

    def cost(document):
        document["kdf"].update(n=n, r=r, p=p)

    def kdf_never(*args, **kwargs):
        raise AssertionError("made a key derivation for a refused cost")

    monkeypatch.setattr(keystore, "_kdf", kdf_never)
    with pytest.raises(KeyCostError) as refused:
        unseal_key(tampered(sealed, cost), b"passphrase")
    assert isinstance(refused.value, SealedKeyError)
    affordable = n >= 2 and n & (n - 1) == 0
    assert refused.value.above_limit is affordable


@pytest.mark.parametrize(
    "content",
    [b'"just a string"', b"[1, 2]", b"{}", b'{"format": 1}', b"\xff\xfe", b"-----BEGIN"],
    ids=["string", "list", "empty", "other-format", "binary", "pem"],
)
def test_a_file_that_is_no_sealed_key_is_said_damaged_not_a_wrong_passphrase(content) -> None:
    with pytest.raises(DamagedKeyFileError):
        unseal_key(content, b"passphrase")


def test_a_changed_sealed_part_reads_as_a_wrong_passphrase(key) -> None:
    """The cipher can't tell a changed sealed part from another passphrase: both fail the tag."""
    sealed = tampered(seal_key(key, b"passphrase", n=CHEAP), flip_sealed)
    with pytest.raises(SealedKeyError) as refused:
        unseal_key(sealed, b"passphrase")
    assert not isinstance(refused.value, DamagedKeyFileError)
