"""Bitstring Status List v1.0: bitstrings, encodedList, list credentials and entries."""

from __future__ import annotations

import base64
import gzip
import secrets
import zlib
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from .errors import StatusListError, VcError
from .proofs import format_datetime

JsonObject = dict[str, Any]
StatusPurpose = Literal["revocation", "suspension", "refresh", "message"]
VC_V2: Final = "https://www.w3.org/ns/credentials/v2"
MIN_ENTRIES: Final = 131_072  # spec minimum (16 KiB at one bit per entry) for herd privacy
# Refuse to inflate more than this: an encodedList is attacker-controlled input to verifiers.
MAX_DECODED_BYTES: Final = 16 * 1024 * 1024


class StatusList:
    """A bitstring of ``size`` entries of ``status_size`` bits; entry 0 is the MSB of byte 0."""

    def __init__(self, size: int = MIN_ENTRIES, *, status_size: int = 1, _bits: bytearray | None = None) -> None:
        if status_size < 1 or status_size > 8:
            raise StatusListError("statusSize must be between 1 and 8 bits", code="STATUS_SIZE_ERROR")
        if size < MIN_ENTRIES:
            raise StatusListError(
                f"A status list needs at least {MIN_ENTRIES} entries, got {size}", code="STATUS_LIST_LENGTH_ERROR"
            )
        self.size = size
        self.status_size = status_size
        nbytes = (size * status_size + 7) // 8
        self._bits = _bits if _bits is not None else bytearray(nbytes)

    def _check(self, index: int) -> None:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < self.size:
            raise StatusListError(f"Index {index!r} is outside 0..{self.size - 1}", code="RANGE_ERROR")

    def get(self, index: int) -> int:
        """The status value of entry ``index`` (0/1 for one-bit lists)."""
        self._check(index)
        value = 0
        start = index * self.status_size
        for bit in range(start, start + self.status_size):
            value = (value << 1) | ((self._bits[bit >> 3] >> (7 - (bit & 7))) & 1)
        return value

    def set(self, index: int, value: int | bool = 1) -> None:
        """Set entry ``index`` to ``value`` (True/1 = revoked or suspended for one-bit lists)."""
        self._check(index)
        value = int(value)
        if not 0 <= value < (1 << self.status_size):
            raise StatusListError(f"Status value {value} does not fit in {self.status_size} bits", code="RANGE_ERROR")
        start = index * self.status_size
        for offset in range(self.status_size):
            bit = start + offset
            mask = 1 << (7 - (bit & 7))
            if (value >> (self.status_size - 1 - offset)) & 1:
                self._bits[bit >> 3] |= mask
            else:
                self._bits[bit >> 3] &= ~mask & 0xFF

    def clear(self, index: int) -> None:
        """Reset entry ``index`` to 0 (e.g. lift a suspension)."""
        self.set(index, 0)

    def __getitem__(self, index: int) -> int:
        return self.get(index)

    def __setitem__(self, index: int, value: int | bool) -> None:
        self.set(index, value)

    def set_indices(self) -> list[int]:
        """Indices whose status is non-zero (cheap: skips zero bytes)."""
        found: set[int] = set()
        for byte_index, byte in enumerate(self._bits):
            if byte:
                for bit in range(8):
                    if (byte >> (7 - bit)) & 1:
                        index = (byte_index * 8 + bit) // self.status_size
                        if index < self.size:
                            found.add(index)
        return sorted(found)

    def to_bytes(self) -> bytes:
        return bytes(self._bits)

    def encode(self) -> str:
        """``encodedList``: 'u' + base64url (no padding) of the GZIP-compressed bitstring.

        mtime=0 makes the output reproducible (§10.13).
        """
        compressed = gzip.compress(bytes(self._bits), compresslevel=9, mtime=0)
        return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(
        cls,
        encoded_list: str,
        *,
        status_size: int = 1,
        min_entries: int = MIN_ENTRIES,
        max_bytes: int = MAX_DECODED_BYTES,
    ) -> StatusList:
        """Parse an ``encodedList``; refuses short lists and decompression bombs."""
        if not isinstance(encoded_list, str) or not encoded_list.startswith("u"):
            raise StatusListError(
                "encodedList must be multibase base64url (prefix 'u')", code="STATUS_LIST_ENCODING_ERROR"
            )
        body = encoded_list[1:]
        if len(body) > max_bytes:
            raise StatusListError("encodedList is too large", code="STATUS_LIST_ENCODING_ERROR")
        try:
            compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip container only
            raw = inflater.decompress(compressed, max_bytes + 1)
        except (ValueError, zlib.error) as exc:
            raise StatusListError(
                f"encodedList is not valid GZIP base64url: {exc}", code="STATUS_LIST_ENCODING_ERROR"
            ) from None
        if len(raw) > max_bytes or inflater.unconsumed_tail:
            raise StatusListError("Decompressed status list is too large", code="STATUS_LIST_ENCODING_ERROR")
        if not inflater.eof:
            raise StatusListError("encodedList GZIP stream is truncated", code="STATUS_LIST_ENCODING_ERROR")
        entries = len(raw) * 8 // status_size
        if entries < min_entries:
            raise StatusListError(
                f"Status list has {entries} entries; at least {min_entries} are required",
                code="STATUS_LIST_LENGTH_ERROR",
            )
        return cls(entries, status_size=status_size, _bits=bytearray(raw))


def random_index(size: int = MIN_ENTRIES, taken: Container[int] = (), *, attempts: int = 10_000) -> int:
    """A random free index (the spec says indices SHOULD be assigned randomly, for privacy)."""
    for _ in range(attempts):
        index = secrets.randbelow(size)
        if index not in taken:
            return index
    raise StatusListError("No free status list index found; the list is nearly full", code="STATUS_LIST_FULL")


def status_list_entry(
    status_list_credential: str,
    index: int,
    purpose: StatusPurpose = "revocation",
    *,
    entry_id: str | None = None,
) -> JsonObject:
    """A ``BitstringStatusListEntry`` for a credential's ``credentialStatus``.

    ``statusListIndex`` is a base-10 *string* (§10.13). ``id``, if given, must not be the
    list URL itself; the conventional form is ``<list URL>#<index>``.
    """
    if index < 0:
        raise StatusListError("statusListIndex must be >= 0", code="RANGE_ERROR")
    entry_id = entry_id or f"{status_list_credential}#{index}"
    if entry_id == status_list_credential:
        raise StatusListError("The entry id must not equal the status list credential URL")
    return {
        "id": entry_id,
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def status_list_credential(
    credential_id: str,
    issuer: str | Mapping[str, Any],
    status_list: StatusList,
    purpose: StatusPurpose = "revocation",
    *,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    ttl_ms: int | None = None,
) -> JsonObject:
    """An unsigned ``BitstringStatusListCredential``; sign it with proofs.sign like any VC."""
    subject: JsonObject = {
        "id": f"{credential_id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": status_list.encode(),
    }
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    cred: JsonObject = {
        "@context": [VC_V2],
        "id": credential_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": dict(issuer) if isinstance(issuer, Mapping) else issuer,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": subject,
    }
    if valid_until is not None:
        cred["validUntil"] = format_datetime(valid_until)
    return cred


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The status of one credential entry; ``code`` is 'ok' or a spec error name."""

    purpose: str
    index: int
    value: int
    ok: bool
    code: str
    message: str

    @property
    def is_set(self) -> bool:
        """True if the credential is revoked / suspended according to this entry."""
        return self.value != 0


def check_status(entry: Mapping[str, Any], list_credential: Mapping[str, Any]) -> StatusResult:
    """Read the status of ``entry`` in an already fetched and *verified* list credential.

    Callers must verify the list credential's proof first (proofs.verify) and should check
    that its issuer is the credential's issuer. Never raises; failures come back with the
    spec's error names as codes.
    """
    purpose = str(entry.get("statusPurpose", ""))
    try:
        if entry.get("type") != "BitstringStatusListEntry":
            raise StatusListError("credentialStatus is not a BitstringStatusListEntry", code="STATUS_TYPE_ERROR")
        raw_index = entry.get("statusListIndex")
        if not isinstance(raw_index, str) or not raw_index.isdigit() or len(raw_index) > 12:
            raise StatusListError("statusListIndex must be a base-10 string", code="RANGE_ERROR")
        index = int(raw_index)
        if list_credential.get("id") != entry.get("statusListCredential"):
            raise StatusListError("The list credential is not the one the entry names", code="STATUS_RETRIEVAL_ERROR")
        types = list_credential.get("type", [])
        if "BitstringStatusListCredential" not in (types if isinstance(types, list) else [types]):
            raise StatusListError("Not a BitstringStatusListCredential", code="STATUS_VERIFICATION_ERROR")
        subject = list_credential.get("credentialSubject")
        if not isinstance(subject, Mapping):
            raise StatusListError("The list credential has no credentialSubject", code="STATUS_VERIFICATION_ERROR")
        purposes = subject.get("statusPurpose")
        if purpose not in (purposes if isinstance(purposes, list) else [purposes]):
            raise StatusListError(
                f"statusPurpose {purpose!r} does not match the list's", code="STATUS_VERIFICATION_ERROR"
            )
        status_size = entry.get("statusSize", 1)
        if not isinstance(status_size, int) or isinstance(status_size, bool):
            raise StatusListError("statusSize must be an integer", code="STATUS_SIZE_ERROR")
        bits = StatusList.decode(str(subject.get("encodedList", "")), status_size=status_size)
        value = bits.get(index)
    except VcError as exc:
        idx = entry.get("statusListIndex")
        return StatusResult(
            purpose,
            int(idx) if isinstance(idx, str) and idx.isdigit() and len(idx) <= 12 else -1,
            0,
            False,
            exc.code,
            exc.message,
        )
    word = {"revocation": "revoked", "suspension": "suspended"}.get(purpose, f"set ({purpose})")
    msg = f"Credential is {word}" if value else f"Credential is not {word}"
    return StatusResult(purpose, index, value, True, "ok", msg)
