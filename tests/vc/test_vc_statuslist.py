"""Bitstring Status List v1.0: bits, encoding, list credentials and status checks."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wisam.vc import (
    MIN_ENTRIES,
    Ed25519Key,
    StaticResolver,
    StatusList,
    StatusListError,
    check_status,
    random_index,
    sign,
    status_list_credential,
    status_list_entry,
    validate_credential,
    verify,
)

SPEC_EMPTY = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
LIST_URL = "https://wisam.example/status/1"


def test_default_size_and_bit_order() -> None:
    sl = StatusList()
    assert sl.size == MIN_ENTRIES == 131_072
    assert len(sl.to_bytes()) == 16 * 1024
    sl.set(0)
    sl.set(9)
    assert sl.to_bytes()[:2] == bytes([0b1000_0000, 0b0100_0000])  # index 0 = MSB of byte 0
    assert sl[0] == 1
    assert sl[1] == 0
    assert sl[9] == 1
    sl.clear(0)
    assert sl[0] == 0
    sl[MIN_ENTRIES - 1] = True
    assert sl.set_indices() == [9, MIN_ENTRIES - 1]


def test_spec_example_decodes_to_empty_list() -> None:
    sl = StatusList.decode(SPEC_EMPTY)
    assert sl.size == MIN_ENTRIES
    assert sl.set_indices() == []


def test_encoding_is_reproducible_gzip_base64url() -> None:
    a, b = StatusList(), StatusList()
    a.set(94567)
    b.set(94567)
    assert a.encode() == b.encode()
    enc = a.encode()
    assert enc.startswith("u")
    assert "=" not in enc
    assert "+" not in enc
    assert "/" not in enc
    raw = gzip.decompress(base64.urlsafe_b64decode(enc[1:] + "=" * (-len(enc[1:]) % 4)))
    assert raw == a.to_bytes()
    assert len(enc) < 300


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=MIN_ENTRIES - 1), max_size=200))
def test_round_trip_property(indices: set[int]) -> None:
    sl = StatusList()
    for i in indices:
        sl.set(i)
    back = StatusList.decode(sl.encode())
    assert back.set_indices() == sorted(indices)
    assert all(back[i] == 1 for i in indices)


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.integers(min_value=0, max_value=MIN_ENTRIES - 1), st.integers(0, 3), max_size=50))
def test_multi_bit_entries(values: dict[int, int]) -> None:
    sl = StatusList(status_size=2)
    for i, v in values.items():
        sl.set(i, v)
    back = StatusList.decode(sl.encode(), status_size=2)
    assert all(back.get(i) == v for i, v in values.items())


def test_range_and_length_errors() -> None:
    sl = StatusList()
    for bad in (-1, MIN_ENTRIES, True):
        with pytest.raises(StatusListError) as info:
            sl.get(bad)
        assert info.value.code == "RANGE_ERROR"
    with pytest.raises(StatusListError) as info:
        StatusList(1000)
    assert info.value.code == "STATUS_LIST_LENGTH_ERROR"
    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(1024), mtime=0)).decode().rstrip("=")
    with pytest.raises(StatusListError) as info:
        StatusList.decode(short)
    assert info.value.code == "STATUS_LIST_LENGTH_ERROR"
    for junk in ("zabc", "u!!!", "u" + base64.urlsafe_b64encode(b"not gzip").decode()):
        with pytest.raises(StatusListError) as info:
            StatusList.decode(junk)
        assert info.value.code == "STATUS_LIST_ENCODING_ERROR"


def test_decompression_bomb_refused() -> None:
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(64 * 1024 * 1024), mtime=0)).decode().rstrip("=")
    assert len(bomb) < 200_000
    with pytest.raises(StatusListError, match="too large"):
        StatusList.decode(bomb)


def test_random_index() -> None:
    taken = {random_index() for _ in range(50)}
    assert all(0 <= i < MIN_ENTRIES for i in taken)
    assert random_index(MIN_ENTRIES, taken) not in taken


@pytest.mark.parametrize("purpose", ["revocation", "suspension"])
def test_signed_list_credential_and_check(issuer_key: Ed25519Key, purpose: str) -> None:
    from .conftest import make_ob_credential

    index = 94567
    entry = status_list_entry(LIST_URL, index, purpose)  # type: ignore[arg-type]
    assert entry["statusListIndex"] == "94567"
    cred = sign(
        make_ob_credential(issuer_key, credential_status=entry), issuer_key, issuer_key.did_key_verification_method
    )
    sl = StatusList()
    lst = status_list_credential(LIST_URL, issuer_key.did_key, sl, purpose, valid_from="2026-01-01T00:00:00Z")  # type: ignore[arg-type]
    assert validate_credential(lst) == []
    signed_list = sign(lst, issuer_key, issuer_key.did_key_verification_method)
    assert verify(signed_list, StaticResolver()).verified
    result = check_status(cred["credentialStatus"], signed_list)
    assert result.ok
    assert not result.is_set

    sl.set(index)
    updated = sign(
        status_list_credential(LIST_URL, issuer_key.did_key, sl, purpose, valid_from="2026-02-01T00:00:00Z"),  # type: ignore[arg-type]
        issuer_key,
        issuer_key.did_key_verification_method,
    )
    assert verify(updated, StaticResolver()).verified
    result = check_status(cred["credentialStatus"], updated)
    assert result.ok
    assert result.is_set
    assert result.message == f"Credential is {'revoked' if purpose == 'revocation' else 'suspended'}"
    if purpose == "suspension":  # reversible
        sl.clear(index)
        lifted = status_list_credential(LIST_URL, issuer_key.did_key, sl, purpose)  # type: ignore[arg-type]
        assert not check_status(cred["credentialStatus"], lifted).is_set


def test_check_status_failures() -> None:
    lst = status_list_credential(LIST_URL, "did:example:x", StatusList(), "revocation")
    wrong_purpose = status_list_entry(LIST_URL, 5, "suspension")
    assert check_status(wrong_purpose, lst).code == "STATUS_VERIFICATION_ERROR"
    out_of_range = status_list_entry(LIST_URL, MIN_ENTRIES, "revocation")
    assert check_status(out_of_range, lst).code == "RANGE_ERROR"
    other_list = status_list_entry("https://elsewhere.example/s", 5)
    assert check_status(other_list, lst).code == "STATUS_RETRIEVAL_ERROR"
    numeric = dict(status_list_entry(LIST_URL, 5), statusListIndex=5)
    assert check_status(numeric, lst).code == "RANGE_ERROR"
