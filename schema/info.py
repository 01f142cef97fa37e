"""The resolver `Info` typed with our context."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info as _Info

from api.context import Context

Info = _Info[Context, Any]
