"""Ed25519 keys as W3C Multikey values (base58btc multibase) and did:key identifiers."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import KeyFormatError

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}

# Multicodec varint prefixes: ed25519-pub (0xed) and ed25519-priv (0x1300).
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"
# A z-base58btc string of 34 bytes is at most 47 characters; cap decoding work on hostile input.
_MAX_B58_CHARS = 200


def b58encode(data: bytes) -> str:
    """Bitcoin base58 encoding (leading zero bytes become '1')."""
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, rem = divmod(n, 58)
        out.append(_B58_ALPHABET[rem])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    """Bitcoin base58 decoding; raises KeyFormatError on characters outside the alphabet."""
    if len(text) > _MAX_B58_CHARS:
        raise KeyFormatError("base58 value is too long", code="invalid_multibase")
    n = 0
    for ch in text:
        try:
            n = n * 58 + _B58_INDEX[ch]
        except KeyError:
            raise KeyFormatError(f"Invalid base58 character {ch!r}", code="invalid_multibase") from None
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body


def multibase_b58_encode(data: bytes) -> str:
    """Multibase base58btc ('z' prefix)."""
    return "z" + b58encode(data)


def multibase_b58_decode(value: str) -> bytes:
    """Decode a multibase base58btc ('z' prefix) string."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise KeyFormatError("Expected a multibase base58btc value starting with 'z'", code="invalid_multibase")
    return b58decode(value[1:])


def encode_public_multikey(public_key: bytes) -> str:
    """``z6Mk…``: multibase(base58btc, 0xed01 ‖ 32-byte Ed25519 public key)."""
    if len(public_key) != 32:
        raise KeyFormatError("An Ed25519 public key is 32 bytes")
    return multibase_b58_encode(ED25519_PUB_PREFIX + public_key)


def decode_public_multikey(value: str) -> bytes:
    """Return the raw 32-byte Ed25519 key of a ``z6Mk…`` Multikey; refuse any other key type."""
    raw = multibase_b58_decode(value)
    if raw[:2] != ED25519_PUB_PREFIX:
        raise KeyFormatError(
            "publicKeyMultibase is not an Ed25519 Multikey (multicodec prefix 0xed01)", code="wrong_key_type"
        )
    if len(raw) != 34:
        raise KeyFormatError("Ed25519 Multikey has the wrong length", code="invalid_key")
    return raw[2:]


def encode_secret_multikey(seed: bytes) -> str:
    """``z3u2…``: multibase(base58btc, 0x8026 ‖ 32-byte Ed25519 seed)."""
    if len(seed) != 32:
        raise KeyFormatError("An Ed25519 secret key (seed) is 32 bytes")
    return multibase_b58_encode(ED25519_PRIV_PREFIX + seed)


def decode_secret_multikey(value: str) -> bytes:
    """Return the 32-byte seed of a ``z3u2…`` secretKeyMultibase."""
    raw = multibase_b58_decode(value)
    if raw[:2] != ED25519_PRIV_PREFIX or len(raw) != 34:
        raise KeyFormatError("secretKeyMultibase is not an Ed25519 secret Multikey", code="wrong_key_type")
    return raw[2:]


@dataclass(frozen=True)
class Ed25519Key:
    """An Ed25519 key pair (or public key only) with Multikey and did:key views."""

    public_key: bytes
    _private: Ed25519PrivateKey | None = None

    @classmethod
    def generate(cls) -> Ed25519Key:
        """A fresh random key pair."""
        return cls._from_private(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519Key:
        """Key pair from a 32-byte seed (the Ed25519 'private key' of RFC 8032)."""
        if len(seed) != 32:
            raise KeyFormatError("An Ed25519 seed is 32 bytes")
        return cls._from_private(Ed25519PrivateKey.from_private_bytes(seed))

    @classmethod
    def from_secret_multibase(cls, secret_key_multibase: str) -> Ed25519Key:
        """Key pair from a ``z3u2…`` secretKeyMultibase."""
        return cls.from_seed(decode_secret_multikey(secret_key_multibase))

    @classmethod
    def from_public_multibase(cls, public_key_multibase: str) -> Ed25519Key:
        """Public-only key from a ``z6Mk…`` publicKeyMultibase."""
        return cls(public_key=decode_public_multikey(public_key_multibase))

    @classmethod
    def _from_private(cls, private: Ed25519PrivateKey) -> Ed25519Key:
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return cls(public_key=public, _private=private)

    @property
    def has_private(self) -> bool:
        return self._private is not None

    @property
    def public_key_multibase(self) -> str:
        return encode_public_multikey(self.public_key)

    @property
    def secret_key_multibase(self) -> str:
        """The seed as secretKeyMultibase; store it like a password, never publish it."""
        return encode_secret_multikey(self.seed)

    @property
    def seed(self) -> bytes:
        if self._private is None:
            raise KeyFormatError("This key has no private part", code="no_private_key")
        return self._private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )

    @property
    def did_key(self) -> str:
        """``did:key:z6Mk…``."""
        return "did:key:" + self.public_key_multibase

    @property
    def did_key_verification_method(self) -> str:
        """``did:key:z6Mk…#z6Mk…``, the verification method id of a did:key."""
        return f"{self.did_key}#{self.public_key_multibase}"

    def sign(self, data: bytes) -> bytes:
        """Pure Ed25519 (RFC 8032) signature, 64 bytes."""
        if self._private is None:
            raise KeyFormatError("Cannot sign with a public-only key", code="no_private_key")
        return self._private.sign(data)

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True if ``signature`` is a valid Ed25519 signature of ``data``."""
        if len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:  # never show the secret
        return f"Ed25519Key({self.public_key_multibase}, private={self.has_private})"
