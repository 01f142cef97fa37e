"""Staff tip-off mutations (J2, J6): one per module."""

from __future__ import annotations

import strawberry

from schema.tipoffs.acknowledge_tipoff import acknowledge_tipoff
from schema.tipoffs.register_tipoff import register_tipoff
from schema.tipoffs.reveal_tipoff_reporter import reveal_tipoff_reporter
from schema.tipoffs.route_tipoff import route_tipoff
from schema.tipoffs.send_tipoff_message import send_tipoff_message
from schema.tipoffs.transfer_tipoff import transfer_tipoff


@strawberry.type
class TipoffMutations:
    register_tipoff = register_tipoff
    route_tipoff = route_tipoff
    transfer_tipoff = transfer_tipoff
    acknowledge_tipoff = acknowledge_tipoff
    send_tipoff_message = send_tipoff_message
    reveal_tipoff_reporter = reveal_tipoff_reporter
