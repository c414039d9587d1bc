"""Framing dashboard: who says what, with which framing terms, in (mostly Chinese) news."""

__version__ = "0.1.0"
