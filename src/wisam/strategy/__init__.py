"""Institutional strategy: the MC team, strategy canvas, stakeholders, maturity model and recommendations."""
