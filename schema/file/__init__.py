"""The cadre's file (D6): `Cadre.timeline`, every record about a cadre from every part of the
system, and `deadlines`, everything due across the caller's jurisdiction. Both are one SQL
statement per page over a registry of sources (`timeline_sources.py`, `deadline_sources.py`)."""
