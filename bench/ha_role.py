# ruff: noqa: I001  (the project's package is imported before the harness)
"""A real Home Assistant (the test harness's) running the integration.

The loop is Home Assistant's own (`runner.create_event_loop`, debug off).
What is measured is what a user sees: `state_changed` events.
"""

from __future__ import annotations

import asyncio
from collections import Counter
import contextlib
import importlib
import math
import os
from pathlib import Path
import shutil
import tempfile
import time
from typing import Any

from aiohttp.resolver import AsyncResolver

# The project's package first: the harness ships its own `custom_components`.
import custom_components.status_dashboard  # noqa: F401
from custom_components.status_dashboard import binary_sensor, button, sensor
from custom_components.status_dashboard.client.connection import StatusConnection
from custom_components.status_dashboard.const import CONF_VERIFY_SSL, DOMAIN
from homeassistant import loader, runner
from homeassistant.const import (
    CONF_TOKEN,
    CONF_URL,
    EVENT_STATE_CHANGED,
    __version__ as HA_VERSION,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import (
    aiohttp_client,
    entity_registry as er,
    frame,
    translation,
)
from homeassistant.helpers.entity_platform import (
    MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY,
)
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from reference_server.waiting import poll

from .client_role import ClientRole
from .common import POLL_INTERVAL, quiet_logging, serve
from .ha_view import EntryEntities
from .probes import Window, heap_census, settled_rss, settled_window

STATUS = "service:status"
OWN_PACKAGE = "custom_components.status_dashboard"
# A live-cycle step is over when nothing it waits for happened for this long
# (entities past Home Assistant's cap per entry are never created).
QUIET = 15.0
_ = (binary_sensor, button, sensor)  # imported before measuring memory


class Host(ClientRole):
    """Home Assistant, one entry of the integration, and what it wrote."""

    COMMANDS = (
        *ClientRole.COMMANDS,
        "boot",
        "setup_entry",
        "cycle_arm",
        "cycle_wait",
        "profile_start",
        "profile_stop",
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack = contextlib.AsyncExitStack()
        self.hass: HomeAssistant | None = None
        self.entry: MockConfigEntry | None = None
        self.config_dir = tempfile.mkdtemp(prefix="bench-ha-")
        self.connection_entity: str | None = None
        # What the state_changed listener records.
        self.created: list[float] = []
        self.binary: list[tuple[str, Any, float]] = []
        # Status sensor writes: (service, the change's sequence number, when).
        self.statuses: list[tuple[str, Any, float]] = []
        self.track_binary = False
        self.writes: Counter[str] = Counter()
        self.counting = False
        self.connection_on: list[float] = []
        self.attempts: list[float] = []
        self.profiler: Any = None
        self.service_binary_sensors = 0
        self.entities: EntryEntities | None = None
        self.per_service = 0  # entities of one service
        self.server_entities = 0
        self._cycle: dict[str, Any] = {}

    @property
    def connection(self) -> StatusConnection:
        assert self.entry is not None
        connection: StatusConnection = self.entry.runtime_data.connection
        return connection

    def received(self) -> int:
        return self.connection.stats.messages[STATUS]

    @callback
    def _on_state(self, event: Event[Any]) -> None:
        now = time.monotonic()
        data = event.data
        if self.entities is not None:
            self.entities.changed(
                data["entity_id"], data["old_state"], data["new_state"]
            )
        if data["old_state"] is None:
            self.created.append(now)
            return
        entity_id = data["entity_id"]
        if self.counting:
            self.writes[entity_id] += 1
        new = data["new_state"]
        if new is None:
            return
        if entity_id == self.connection_entity:
            if new.state == "on":
                self.connection_on.append(now)
        elif self.track_binary and entity_id.startswith("binary_sensor."):
            service = new.attributes.get("service_id")
            if service is not None:
                self.binary.append((service, None, now))
        elif self.track_binary and entity_id.startswith("sensor."):
            # A status change's sequence number travels in its details, which
            # the service's Status sensor shows.
            details = new.attributes.get("details")
            if details is not None and self.entities is not None:
                service = self.entities.service(entity_id)
                if service is not None:
                    self.statuses.append((service, details.get("seq"), now))

    async def boot(self) -> dict[str, Any]:
        """Start Home Assistant with the platforms loaded, nothing set up."""
        hass = await self.stack.enter_async_context(
            async_test_home_assistant(config_dir=self.config_dir)
        )
        self.hass = hass
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)  # enable_custom_integrations
        # As the harness's mock_zeroconf_resolver: no zeroconf in this process.
        resolver: Any = AsyncResolver()
        resolver.real_close = resolver.close
        aiohttp_client._async_make_resolver = lambda _hass: resolver  # type: ignore[assignment]
        frame.async_setup(hass)
        await translation.async_load_integrations(hass, {"homeassistant"})
        for domain in ("binary_sensor", "sensor", "button"):
            assert await async_setup_component(hass, domain, {})
        await hass.async_block_till_done()
        hass.bus.async_listen(EVENT_STATE_CHANGED, self._on_state)
        host = self
        original = StatusConnection.connect

        async def connect(connection: StatusConnection) -> Any:
            host.attempts.append(time.monotonic())
            return await original(connection)

        StatusConnection.connect = connect  # type: ignore[method-assign,assignment]
        self.lag.start()
        loop = asyncio.get_running_loop()
        return {
            "ha": HA_VERSION,
            "debug": loop.get_debug(),
            "rss": settled_rss(),
        }

    async def setup_entry(
        self, url: str, token: str, services: int, timeout: float = 300
    ) -> dict[str, Any]:
        """Set the entry up; time until every entity of every service exists."""
        hass = self.hass
        assert hass is not None
        heap_before = heap_census(OWN_PACKAGE)
        rss_before = settled_rss()
        # 4 per service, 3 for the server; Home Assistant adds no more than
        # MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY to one entry.
        wanted = 4 * services + 3
        expected = min(wanted, MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY)
        self.created.clear()
        entry = self.entry = MockConfigEntry(
            domain=DOMAIN,
            title="bench",
            unique_id="bench",
            data={CONF_URL: url, CONF_TOKEN: token, CONF_VERIFY_SSL: True},
        )
        entry.add_to_hass(hass)
        self.entities = EntryEntities(hass, entry.entry_id)
        window = await settled_window(self.lag, self.gc)
        started = time.monotonic()
        assert await hass.config_entries.async_setup(entry.entry_id)
        setup_returned = time.monotonic()
        done = await poll(lambda: len(self.created) >= expected, timeout, POLL_INTERVAL)
        await hass.async_block_till_done()
        settled = time.monotonic()
        figures = await window.close()
        self.connection_entity = er.async_get(hass).async_get_entity_id(
            "binary_sensor", DOMAIN, f"{entry.entry_id}_connection"
        )
        self.service_binary_sensors = sum(
            1
            for state in hass.states.async_all("binary_sensor")
            if "service_id" in state.attributes
        )
        self.per_service, self.server_entities = self.entities.shape(services)
        return {
            "wanted": wanted,
            "capped": expected < wanted,
            "service_binary_sensors": self.service_binary_sensors,
            "started": started,
            "setup_returned": setup_returned,
            "all_entities": self.created[expected - 1] if done else math.nan,
            "settled": settled,
            "by_domain": dict(
                Counter(
                    state.domain
                    for state in hass.states.async_all()
                    if state.entity_id.startswith(
                        ("binary_sensor.", "sensor.", "button.")
                    )
                )
            ),
            "entities": len(self.created),
            "expected": expected,
            "per_service": self.per_service,
            "server_entities": self.server_entities,
            "window": figures,
            "rss_before": rss_before,
            "rss_after": settled_rss(),
            "heap_before": heap_before,
            "heap_after": heap_census(OWN_PACKAGE),
            "states": len(hass.states.async_all()),
        }

    async def window_start(self, track: bool) -> None:
        """Start counting writes (and recording binary and Status sensors when
        `track`)."""
        self.binary = []
        self.statuses = []
        self.writes = Counter()
        self.counting = True
        self.track_binary = track
        self.open_window()

    async def window_stop(self, expected: int, timeout: float = 30.0) -> dict[str, Any]:
        """Wait until `expected` updates arrived (or timeout); the figures."""
        figures = await self.close_window(expected, timeout)
        self.counting = False
        self.track_binary = False
        stats = self.connection.stats
        writes = self.writes
        return {
            **figures,
            "invalid": sum(stats.invalid.values()),
            "writes": sum(writes.values()),
            "writes_by_kind": self.entities.by_kind(writes) if self.entities else {},
            "written_entities": len(writes),
            "max_writes_per_entity": max(writes.values(), default=0),
            "records": self.statuses,
            "connects": stats.connects,
        }

    async def arm(self) -> None:
        """Before a bulk update or a reconnect: forget what was seen so far."""
        self.binary = []
        self.track_binary = True
        self.connection_on = []
        self.attempts = []
        self.window = Window(self.lag, self.gc)

    async def wait_bulk(
        self, services: int, connected: bool, timeout: float = 120.0
    ) -> dict[str, Any]:
        """Every service's binary sensor written (and, if asked, connected).

        Only as many as exist: past Home Assistant's cap on entities per
        entry, some services have no binary sensor.
        """
        assert self.window is not None
        services = min(services, self.service_binary_sensors)

        def done() -> bool:
            return len(self.binary) >= services and (
                not connected or bool(self.connection_on)
            )

        ok = await poll(done, timeout, POLL_INTERVAL)
        figures = await self.window.close()
        self.track_binary = False
        stats = self.connection.stats
        return {
            "ok": ok,
            "binary_sensors": services,
            "written": self.binary[services - 1][2] if ok else math.nan,
            "connected": self.connection_on[0] if self.connection_on else math.nan,
            "window": figures,
            "connects": stats.connects,
            "disconnects": stats.disconnects,
        }

    async def wait_connected(self, timeout: float = 60.0) -> dict[str, Any]:
        """The connection sensor on again: the view was resynchronised."""
        ok = await poll(lambda: bool(self.connection_on), timeout, POLL_INTERVAL)
        self.track_binary = False
        return {
            "ok": ok,
            "synced": self.connection_on[0] if ok else math.nan,
            "attempts": list(self.attempts),
            "connects": self.connection.stats.connects,
        }

    async def cycle_arm(self) -> None:
        """Before a step of the live cycle: count from now."""
        entities = self.entities
        assert entities is not None
        stats = self.connection.stats
        self._cycle = {
            "armed": time.monotonic(),
            "created": entities.created,
            "removed": entities.removed,
            "connects": stats.connects,
            "disconnects": stats.disconnects,
            "window": Window(self.lag, self.gc),
        }

    async def cycle_wait(
        self, step: str, services: int, timeout: float = 300.0
    ) -> dict[str, Any]:
        """Until Home Assistant shows the step with `services` services listed
        (see `EntryEntities.shown`), or nothing it waits for happened for QUIET s."""
        entities = self.entities
        assert entities is not None
        armed = self._cycle["armed"]
        created0 = self._cycle["created"]
        target = min(
            self.per_service * services + self.server_entities,
            MAX_ENABLED_ENTITIES_PER_CONFIG_ENTRY,
        )
        new = min(self.per_service * services, target - self.server_entities)
        deadline = armed + timeout
        ok = False
        while time.monotonic() < deadline:
            if entities.shown(step, target, entities.created - created0 >= new):
                ok = True
                break
            if time.monotonic() - max(armed, entities.last_event(step)) > QUIET:
                break
            await asyncio.sleep(POLL_INTERVAL)
        figures = await self._cycle["window"].close()
        done = entities.last_event(step)
        stats = self.connection.stats
        return {
            "ok": ok,
            "shown": done if done > armed else math.nan,
            "window": figures,
            "entities": len(entities.live),
            "target": target,
            "created": entities.created - created0,
            "removed": entities.removed - self._cycle["removed"],
            "on": len(entities.on),
            "connects": stats.connects - self._cycle["connects"],
            "disconnects": stats.disconnects - self._cycle["disconnects"],
        }

    async def profile_start(self) -> None:
        from pyinstrument import Profiler

        self.profiler = Profiler(interval=0.0005, async_mode="disabled")
        self.profiler.start()

    async def profile_stop(self, path: str) -> str:
        profiler, self.profiler = self.profiler, None
        profiler.stop()
        text = profiler.output_text(unicode=True, color=False, show_all=False)
        html = profiler.output_html()
        await asyncio.to_thread(Path(path).write_text, text, encoding="utf-8")
        await asyncio.to_thread(
            Path(path.removesuffix(".txt") + ".html").write_text, html, encoding="utf-8"
        )
        return path

    async def shutdown(self) -> None:
        hass = self.hass
        if hass is not None and self.entry is not None:
            await hass.config_entries.async_unload(self.entry.entry_id)
            await hass.async_block_till_done()
        await self.lag.stop()
        if hass is not None:
            await hass.async_stop(force=True)
        await self.stack.aclose()
        shutil.rmtree(self.config_dir, ignore_errors=True)


async def main() -> None:
    quiet_logging()
    if module := os.environ.get("BENCH_HA_IMPORT"):
        importlib.import_module(module)  # scripts/bench --ha-import
    host = Host()
    await serve(host.handlers())


if __name__ == "__main__":
    loop = runner.create_event_loop(debug=False)  # Home Assistant's own loop
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
