"""A reference status server speaking the dashboard's Socket.IO contract.

Run a demo with ``python -m reference_server``; drive it from tests with
``StatusServer``.
"""

from .ratelimit import RateLimit
from .records import ConnectionAttempt, ReceivedEvent
from .server import StatusServer
from .tokens import issue_token, verify_token

__all__ = [
    "ConnectionAttempt",
    "RateLimit",
    "ReceivedEvent",
    "StatusServer",
    "issue_token",
    "verify_token",
]
