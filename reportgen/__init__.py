"""reportgen: the annual implementation report of a Japanese city's ward plan (Osaka's 区政運営基本方針 first), written from data."""

__version__ = "0.1.0"
