"""Micro-credential design: specifications on the 10 building blocks, versions, the quality linter and exports."""
