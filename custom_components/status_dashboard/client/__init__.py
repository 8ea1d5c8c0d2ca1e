"""The status server's Socket.IO protocol, without Home Assistant.

Data flows one way: the socket (`connection`) hands raw payloads to `parse`,
which returns validated models (`models`); `view` merges them into the
per-service state and says what changed; `throttle` paces how often a service's
changes are shown. `socketio_compat` holds every workaround of python-socketio
behaviour, each checked against the installed library at import.
"""
