"""Walking a live shop without harm: no order placed in production, no page outside the allowed hosts,
no tracker fed, every request marked synthetic, and no secret written to results, reports, traces or pictures."""

from .journey_safety import JourneySafety
from .policy import ENVIRONMENTS, SafetyPolicy, host_allowed, policy_for
from .routing import BLOCKED_FAILURE, SYNTHETIC_HEADER, USER_AGENT_SUFFIX
from .secrets import REDACTED, Secrets, is_card_number
from .trackers import BlockList, blocked_url_patterns, tracker_entries

__all__ = [
    "BLOCKED_FAILURE", "BlockList", "ENVIRONMENTS", "JourneySafety", "REDACTED", "SYNTHETIC_HEADER", "SafetyPolicy",
    "Secrets", "USER_AGENT_SUFFIX", "blocked_url_patterns", "host_allowed", "is_card_number", "policy_for",
    "tracker_entries",
]
