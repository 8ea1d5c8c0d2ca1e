"""The status server's protocol, without Home Assistant.

Data flows one way: the socket (`connection`) hands raw payloads to the
server's `dialects`, which validate them with `parse` into typed `models`;
`view` merges them into the per-service state and says what changed.

Beside that path: `auth` signs in and renews tokens at the server's token
endpoints, `token` reads whom a JWT is for and until when, `backoff` spaces
reconnection attempts, `recheck` paces the re-check requests sent to the
server, `errors` names what the client raises, `logthrottle` keeps a log
message from flooding and `slices` lets long work yield to the event loop.
`socketio_compat` holds every workaround of python-socketio behaviour, each
checked against the installed library at import.
"""
