"""Sentence rules: named, ordered rules per slot that pick a Jinja2 template; first match wins."""
