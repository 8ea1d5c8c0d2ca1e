"""A reference status server speaking the dashboard's Socket.IO contract.

Run a demo with ``python -m reference_server``; drive it from tests with
``StatusServer``, or ``KumaServer`` for a server that speaks as Uptime Kuma.
"""

from .kuma_auth import totp_code
from .kuma_maintenance import MaintenanceError
from .kuma_monitors import DOWN, MAINTENANCE, PENDING, UP, cert_info
from .ratelimit import RateLimit
from .records import ConnectionAttempt, ReceivedEvent
from .server import StatusServer
from .tokens import issue_token, verify_token
from .uptime_kuma import KumaServer

__all__ = [
    "DOWN",
    "MAINTENANCE",
    "PENDING",
    "UP",
    "ConnectionAttempt",
    "KumaServer",
    "MaintenanceError",
    "RateLimit",
    "ReceivedEvent",
    "StatusServer",
    "cert_info",
    "issue_token",
    "totp_code",
    "verify_token",
]
