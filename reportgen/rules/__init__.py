"""The declarative rules: evaluation rules from rules.yaml, compiled in Jinja2's sandbox."""
