"""Pathways: how micro-credentials stack into larger credentials, learners' progress and recognition."""
