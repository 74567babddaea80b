"""Organisations, their units, people, memberships and roles."""
