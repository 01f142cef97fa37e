"""Benchmarks, run by hand (never by the test suite): `python -m bench` (every operation, every
size, beside hand-written SQL and PostGraphile) and `python -m bench.page` (one page in depth)."""
