"""Wisam: a national platform for micro-credentials."""
