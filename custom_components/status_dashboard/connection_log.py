"""What the log says about one entry's connection: a lost link once and its
return, refusals and the server's errors without flooding, attempts at debug
level."""

from __future__ import annotations

import logging

from .client.errors import ServerRefused
from .client.logthrottle import ThrottledLog
from .client.models import ServerError

_LOGGER = logging.getLogger(__package__)


class ConnectionLog:
    """The log lines of the connection to `url`."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._throttled = ThrottledLog(_LOGGER)
        self._lost_logged = False

    def connected(self, transport: str) -> None:
        """Connected and subscribed; said at info level only after a loss."""
        _LOGGER.debug("Connected to %s over %s and subscribed", self._url, transport)
        if self._lost_logged:
            _LOGGER.info("Connection to %s is back (%s)", self._url, transport)
            self._lost_logged = False

    def lost(self, reason: str) -> None:
        """The link dropped; said once until it is back."""
        if not self._lost_logged:
            _LOGGER.info("Lost the connection to %s (%s)", self._url, reason)
            self._lost_logged = True

    def attempt_failed(self, error: Exception, attempt: int, retry_in: float) -> None:
        """An attempt failed: a refusal by the server (not of the token, which
        says why: too many connections, an origin it does not allow) once at
        warning level, every attempt at debug level."""
        if isinstance(error, ServerRefused):
            self._throttled.log(
                logging.WARNING,
                "refused",
                "%s refused the connection: %r; retrying in %.0f s",
                self._url,
                error.message,
                retry_in,
            )
        _LOGGER.debug(
            "Attempt %s to reach %s failed (%s); retrying in %.1f s",
            attempt,
            self._url,
            error,
            retry_in,
        )

    def token_refused(self, code: str | None) -> None:
        """The server refused the token."""
        _LOGGER.warning("%s refused the token (%s)", self._url, code)

    def server_error(self, error: ServerError) -> None:
        """The server sent an error event."""
        self._throttled.log(
            logging.WARNING,
            # Codes are the server's text: a key per code could flood the log.
            "error:rate_limited" if error.code == "rate_limited" else "error",
            "%s reported an error: %r (%r)",
            self._url,
            error.message,
            error.code,
        )

    def full_list(
        self, services: int, added: int, gone: int, changed: int, invalid: int
    ) -> None:
        """A full list arrived."""
        _LOGGER.debug(
            "Full list from %s: %d services (%d new, %d gone, %d changed, %d invalid)",
            self._url,
            services,
            added,
            gone,
            changed,
            invalid,
        )
