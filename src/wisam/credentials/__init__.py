"""Verifiable micro-credentials: institutions' keys, issuance, the wallet, verification and revocation."""
