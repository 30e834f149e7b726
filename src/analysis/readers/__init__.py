"""Readers turn a source file into the common `Row` sequence (see analysis.model)."""
