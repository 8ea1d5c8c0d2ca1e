"""Fault injection and hostile input against a live entry and the reference server."""
