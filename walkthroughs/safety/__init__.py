"""Walking a live shop without harm: no order placed in production, no page outside the allowed hosts,
no tracker fed, every request marked synthetic, and no secret written to results, reports, traces or pictures."""

from .guarded_scenarios import UnguardedScenario, refuse_unguarded, unguarded, words_for
from .journey_safety import JourneySafety
from .policy import ENVIRONMENTS, SafetyPolicy, host_allowed, policy_for
from .routing import BLOCKED_FAILURE, SYNTHETIC_HEADER, USER_AGENT_SUFFIX
from .secrets import REDACTED, Secrets, is_card_number
from .trackers import BlockList, blocked_url_patterns, tracker_entries
from .vocabulary import ENV_VARIABLE as COMMIT_WORDS_ENV
from .vocabulary import STOPPED_BEFORE, CommitWordsError, vocabulary

__all__ = [
    "BLOCKED_FAILURE", "BlockList", "COMMIT_WORDS_ENV", "CommitWordsError", "ENVIRONMENTS", "JourneySafety",
    "REDACTED", "STOPPED_BEFORE", "SYNTHETIC_HEADER", "SafetyPolicy", "Secrets", "USER_AGENT_SUFFIX",
    "UnguardedScenario", "blocked_url_patterns", "host_allowed", "is_card_number", "policy_for", "refuse_unguarded",
    "tracker_entries", "unguarded", "vocabulary", "words_for",
]
