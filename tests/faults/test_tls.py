"""TLS: a self-signed server, refused with verification on, accepted with it
off, and no SSL context built inside the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
import contextlib
from datetime import UTC, datetime, timedelta
import ipaddress
import logging
from pathlib import Path
import ssl
import threading
import traceback
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from homeassistant import block_async_io, config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN

from ..conftest import StartServer
from ..helpers import wait_for_state
from .probes import figure

CONNECTION = "binary_sensor.127_0_0_1_alice_connection"
SSL_LOADERS = (
    "load_default_certs",
    "load_verify_locations",
    "set_default_verify_paths",
    "load_cert_chain",
)


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, signed by itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "status.test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@contextlib.contextmanager
def ssl_loads_in(thread_id: int) -> Iterator[list[str]]:
    """Record every certificate load made on `thread_id` (the event loop):
    Home Assistant's own detector skips these calls under test."""
    calls: list[str] = []
    originals: dict[str, Callable[..., Any]] = {
        name: getattr(ssl.SSLContext, name) for name in SSL_LOADERS
    }

    def tracing(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def traced(self: ssl.SSLContext, *args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() == thread_id:
                caller = traceback.extract_stack(limit=6)[-2]
                calls.append(f"{name} from {caller.filename}:{caller.lineno}")
            return original(self, *args, **kwargs)

        return traced

    for name, original in originals.items():
        setattr(ssl.SSLContext, name, tracing(name, original))
    try:
        yield calls
    finally:
        for name, original in originals.items():
            setattr(ssl.SSLContext, name, original)


@contextlib.contextmanager
def server_side_handshake_failures_kept() -> Iterator[list[str]]:
    """The reference server (in this loop) reports each refused handshake to
    the loop's exception handler, which the harness turns into a failure: keep
    those (server side, expected) apart from everything else."""
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    kept: list[str] = []

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        message = str(context.get("message", ""))
        if message.startswith("Error on transport creation for incoming connection"):
            kept.append(repr(context.get("exception")))
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handle)
    try:
        yield kept
    finally:
        loop.set_exception_handler(previous)


async def user_flow(hass: HomeAssistant, url: str, token: str, verify: bool) -> Any:
    flow = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    return await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"url": url, "token": token, CONF_VERIFY_SSL: verify}
    )


async def test_self_signed_server_refused_when_verifying_accepted_when_not(
    hass: HomeAssistant,
    start_server: StartServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    disable_block_async_io: None,
) -> None:
    """cannot_connect with verification; an entry without it; no blocking call."""
    cert, key = await hass.async_add_executor_job(self_signed, tmp_path)
    context = await hass.async_add_executor_job(server_context, cert, key)
    server = await start_server(ssl_context=context)
    assert server.url.startswith("https://")
    token = server.token("alice")
    block_async_io.enable()

    with (
        ssl_loads_in(threading.get_ident()) as loads,
        server_side_handshake_failures_kept() as server_side,
    ):
        refused = await user_flow(hass, server.url, token, verify=True)
        await asyncio.sleep(0.2)  # the server notices the refused handshakes
        accepted = await user_flow(hass, server.url, token, verify=False)
        await hass.async_block_till_done()
        [entry] = hass.config_entries.async_entries(DOMAIN)
        await wait_for_state(hass, CONNECTION, "on")
        assert await hass.config_entries.async_reload(entry.entry_id)  # setup again
        await hass.async_block_till_done()
        await wait_for_state(hass, CONNECTION, "on")

    blocking = [
        r.getMessage()[:200]
        for r in caplog.records
        if "Detected blocking call" in r.getMessage()
    ]
    errors = [
        r.getMessage()[:200]
        for r in caplog.records
        if r.levelno >= logging.ERROR
        and not r.getMessage().startswith("Error on transport creation")
    ]
    figure(
        "tls",
        verify_on=refused["errors"],
        verify_off=accepted["type"],
        entry_state=entry.state.value,
        transport=entry.runtime_data.connection.transport,
        ssl_loads_in_loop=len(loads),
        blocking_call_reports=len(blocking),
        error_records=len(errors),
        server_side_handshake_failures=len(server_side),
    )
    assert refused["type"] is FlowResultType.FORM
    assert refused["errors"] == {"base": "cannot_connect"}
    assert accepted["type"] is FlowResultType.CREATE_ENTRY
    assert accepted["data"][CONF_VERIFY_SSL] is False
    assert entry.state is ConfigEntryState.LOADED
    assert not loads, loads
    assert not blocking, blocking
    assert not errors, errors
    assert await hass.config_entries.async_unload(entry.entry_id)
