"""Errors the client raises."""

from __future__ import annotations


class StatusDashboardError(Exception):
    """Base of the client's errors."""


class CannotConnect(StatusDashboardError):
    """The server could not be reached, did not answer in time, or TLS failed."""


class AuthenticationFailed(StatusDashboardError):
    """The server refused the token; retrying it will not help."""

    def __init__(self, code: str | None) -> None:
        super().__init__(f"server refused the token ({code or 'no code'})")
        self.code = code


class NotConnected(StatusDashboardError):
    """A request was made while the connection is down."""
