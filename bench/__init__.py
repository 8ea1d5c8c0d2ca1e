"""End-to-end benchmark of the integration against a bare python-socketio client.

Run it with ``scripts/bench`` (``--help`` for options). Three kinds of process:
the controller (``bench.controller``), one reference-server driver
(``bench.server_role``) and, per scale, a Home Assistant host
(``bench.ha_role``) and a bare client (``bench.bare_role``). They talk JSON
lines over pipes; every time is ``time.monotonic()`` (CLOCK_MONOTONIC, the
same clock in every process on Linux).
"""
