"""casus: structured, sourced records of state cyber operations from open-source reporting."""

__version__ = "0.1.0"
