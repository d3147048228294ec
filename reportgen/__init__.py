"""reportgen: the annual 区政運営基本方針 report of a Japanese city, written from data."""

__version__ = "0.1.0"
