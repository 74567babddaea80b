"""Shared foundations: the domain-event log, the permission policy and the bilingual content layer."""
