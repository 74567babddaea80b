"""Qualification frameworks, credit systems, ISCED-F fields, ESCO skills and ELM vocabularies."""
