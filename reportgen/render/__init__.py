"""Renderers: each turns the documents and tables into the bytes of one output format."""
