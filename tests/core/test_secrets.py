"""Secrets at rest: round trip, no plaintext in the ciphertext, bound to purpose and to the master secret."""

from __future__ import annotations

import pytest

from wisam.core.secrets import SecretDecryptionError, decrypt_secret, encrypt_secret


def test_round_trip_and_no_plaintext_leak() -> None:
    token = encrypt_secret(b"ed25519-private-key-bytes", context="signing-key:karmil", secret="master")
    assert b"ed25519" not in token.encode()
    assert decrypt_secret(token, context="signing-key:karmil", secret="master") == b"ed25519-private-key-bytes"


def test_other_purpose_or_master_secret_is_refused() -> None:
    token = encrypt_secret(b"k", context="signing-key:karmil", secret="master")
    with pytest.raises(SecretDecryptionError):
        decrypt_secret(token, context="signing-key:zaytoun", secret="master")
    with pytest.raises(SecretDecryptionError):
        decrypt_secret(token, context="signing-key:karmil", secret="another")


def test_tampering_is_detected() -> None:
    token = encrypt_secret(b"k", context="c", secret="master")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(SecretDecryptionError):
        decrypt_secret(tampered, context="c", secret="master")
