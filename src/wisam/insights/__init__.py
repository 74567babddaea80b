"""Insights: national and institutional dashboards, employer skill needs and the yearly report."""
