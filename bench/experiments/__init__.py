"""Modules for `scripts/bench --ha-import bench.experiments.<name>`: each takes
one step out of the integration's path for a status change, so that A/B runs
split the CPU per update between the transport, the integration's own work and
Home Assistant's state writes. Never imported by the integration or the tests.
"""
