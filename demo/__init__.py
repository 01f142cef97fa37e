"""Worlds to run against: the demo world of CONTRACT.md and large synthetic ones."""
