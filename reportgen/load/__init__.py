"""Readers of the input folder: YAML definitions and CSV tables, collecting every problem."""
