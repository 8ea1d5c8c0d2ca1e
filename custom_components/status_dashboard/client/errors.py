"""Errors the client raises."""

from __future__ import annotations


class StatusDashboardError(Exception):
    """Base of the client's errors."""


class CannotConnect(StatusDashboardError):
    """The server could not be reached, did not answer in time, or TLS failed."""


class ServerRefused(CannotConnect):
    """The server refused the connection for a reason other than the token
    (too many connections, an origin it does not allow): retry with backoff."""

    def __init__(self, message: str) -> None:
        super().__init__(f"the server refused the connection: {message}")
        self.message = message


class AuthenticationFailed(StatusDashboardError):
    """The server refused the token; retrying it will not help."""

    def __init__(self, code: str | None) -> None:
        super().__init__(f"server refused the token ({code or 'no code'})")
        self.code = code


class NotConnected(StatusDashboardError):
    """A request was made while the connection is down."""
