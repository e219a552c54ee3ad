"""Exports: the casus-summary/1 exchange format, full JSON lines, and timelines."""
