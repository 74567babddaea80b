"""Multikey encoding, base58btc, Ed25519 keys and did:key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wisam.vc import Ed25519Key, KeyFormatError, decode_public_multikey, encode_public_multikey
from wisam.vc.keys import b58decode, b58encode, multibase_b58_encode


@given(st.binary(max_size=80))
def test_base58_round_trip(data: bytes) -> None:
    assert b58decode(b58encode(data)) == data


def test_generated_key_is_z6mk_and_signs() -> None:
    key = Ed25519Key.generate()
    assert key.public_key_multibase.startswith("z6Mk")
    assert key.secret_key_multibase.startswith("z3u2")
    again = Ed25519Key.from_secret_multibase(key.secret_key_multibase)
    assert again.public_key == key.public_key
    sig = key.sign(b"hello")
    public = Ed25519Key.from_public_multibase(key.public_key_multibase)
    assert public.verify(sig, b"hello")
    assert not public.verify(sig, b"hellO")
    assert not public.verify(sig[:63], b"hello")
    assert key.did_key == "did:key:" + key.public_key_multibase
    assert key.did_key_verification_method == f"{key.did_key}#{key.public_key_multibase}"
    assert "z3u2" not in repr(key)


def test_public_only_key_cannot_sign() -> None:
    key = Ed25519Key.from_public_multibase(Ed25519Key.generate().public_key_multibase)
    with pytest.raises(KeyFormatError):
        key.sign(b"x")


@given(st.binary(min_size=32, max_size=32))
def test_multikey_round_trip(raw: bytes) -> None:
    assert decode_public_multikey(encode_public_multikey(raw)) == raw


@pytest.mark.parametrize(
    ("value", "code"),
    [
        # X25519 key (multicodec 0xec): a real key type, but not Ed25519
        ("z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc", "wrong_key_type"),
        (multibase_b58_encode(b"\xe7\x01" + b"\x02" * 33), "wrong_key_type"),  # secp256k1
        (multibase_b58_encode(b"\xed\x01" + b"\x01" * 31), "invalid_key"),
        ("z0OIl", "invalid_multibase"),
        ("u6Mk", "invalid_multibase"),
        ("z" + "2" * 500, "invalid_multibase"),
    ],
)
def test_bad_public_multikeys(value: str, code: str) -> None:
    with pytest.raises(KeyFormatError) as info:
        decode_public_multikey(value)
    assert info.value.code == code
