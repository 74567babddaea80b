"""Encryption at rest for secrets Wisam must keep (institutions' signing keys, API tokens' material).

Envelope: AES-256-GCM under a key derived (HKDF-SHA256) from WISAM_KEY_ENCRYPTION_SECRET, with a per-purpose
`context` bound in as associated data, so a ciphertext made for one purpose cannot be replayed as another.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = b"w1"


class SecretDecryptionError(Exception):
    """The ciphertext was altered, made for another purpose, or made under another key-encryption secret."""


def _key(secret: str | None = None) -> bytes:
    material = (secret or settings.KEY_ENCRYPTION_SECRET).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"wisam-key-encryption", info=VERSION).derive(material)


def encrypt_secret(plaintext: bytes, *, context: str, secret: str | None = None) -> str:
    nonce = os.urandom(12)
    ciphertext = AESGCM(_key(secret)).encrypt(nonce, plaintext, context.encode())
    return (VERSION + b"." + base64.urlsafe_b64encode(nonce + ciphertext)).decode()


def decrypt_secret(token: str, *, context: str, secret: str | None = None) -> bytes:
    version, _dot, body = token.encode().partition(b".")
    if version != VERSION or not body:
        raise SecretDecryptionError("Unknown secret format.")
    raw = base64.urlsafe_b64decode(body)
    try:
        return AESGCM(_key(secret)).decrypt(raw[:12], raw[12:], context.encode())
    except InvalidTag as error:
        raise SecretDecryptionError("The secret cannot be decrypted with this key and purpose.") from error
