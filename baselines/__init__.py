"""Baseline systems: each reads gold-format documents (text only) and writes a submission."""
