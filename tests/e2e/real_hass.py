"""A real Home Assistant in a subprocess, and its REST/WebSocket API as a user's.

Everything here is bounded in time. The process side (config dir, start,
stop, logs) is synchronous and runs outside the event loop; the API side is
async (aiohttp) and runs in the test's loop next to the reference server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import contextlib
from dataclasses import dataclass, field
from http import HTTPStatus
import os
from pathlib import Path
import re
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parents[2]
INTEGRATION = REPO / "custom_components" / "status_dashboard"
LOGGER_NAME = "custom_components.status_dashboard"

CONFIGURATION_YAML = """\
# Written by tests/e2e: like config/configuration.yaml, on a free port.
homeassistant:
  name: Status Dashboard e2e
  unit_system: metric
  time_zone: UTC

http:
  server_host: 127.0.0.1
  server_port: {port}

frontend:
config:

logger:
  default: warning
  logs:
    {logger}: debug
    homeassistant.components.http: info
"""


# The owner user every end-to-end test onboards, as a person would.
OWNER = {"name": "Owner", "username": "owner", "password": "e2e-owner-password"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hass_command(config_dir: Path) -> list[str]:
    """`hass -c <dir> --skip-pip` from this interpreter's environment."""
    hass = Path(sys.executable).with_name("hass")
    launcher = [str(hass)] if hass.exists() else [sys.executable, "-m", "homeassistant"]
    return [*launcher, "-c", str(config_dir), "--skip-pip"]


@dataclass
class HomeAssistantProcess:
    """A `hass` subprocess on 127.0.0.1 with a fresh configuration folder."""

    config_dir: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    console_log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.console_log = self.config_dir / "console.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.config_dir / "home-assistant.log"

    def write_config(self) -> None:
        """configuration.yaml and custom_components/status_dashboard (a symlink)."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        (self.config_dir / "configuration.yaml").write_text(
            CONFIGURATION_YAML.format(port=self.port, logger=LOGGER_NAME),
            encoding="utf-8",
        )
        custom = self.config_dir / "custom_components"
        custom.mkdir(exist_ok=True)
        (custom / "status_dashboard").symlink_to(INTEGRATION, target_is_directory=True)

    def start(self) -> None:
        """Start `hass` (its console output goes to console.log)."""
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)  # the integration comes from the config dir
        with self.console_log.open("wb") as console:
            self.process = subprocess.Popen(
                hass_command(self.config_dir),
                cwd=self.config_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C of pytest does not hit it twice
            )

    @property
    def returncode(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def kill(self, timeout: float = 30.0) -> None:
        """SIGTERM, then SIGKILL after ``timeout`` s; for teardown after a failure."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def read_logs(self) -> str:
        """home-assistant.log followed by the console output."""
        return "\n".join(
            path.read_text(encoding="utf-8", errors="replace")
            for path in (self.log_file, self.console_log)
            if path.exists()
        )

    def log_tail(self, lines: int = 60) -> str:
        """The last lines of the console output, for failure messages."""
        if not self.console_log.exists():
            return "(no console output)"
        text = self.console_log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


# ------------------------------------------------------------------- logs

# 2026-11-26 09:20:15.137 WARNING (SyncWorker_0) [homeassistant.loader] ...
# 2026-12-01 19:46:58.559+00:00 WARNING (MainThread) [homeassistant.core] ...
#   (Home Assistant 2026.11 and newer write the UTC offset)
_RECORD_START = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:?\d\d|Z)? "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) "
    r"\([^)]*\) \[(?P<logger>[^\]]+)\](?: |$)"
)
# What a record's first line starts with, whatever follows.
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d")


class UnparsedLogLine(AssertionError):
    """A line of the log that is no record and belongs to none."""


@dataclass(frozen=True)
class LogRecord:
    """One record of Home Assistant's log, with its traceback lines if any."""

    level: str
    logger: str
    text: str

    @property
    def ours(self) -> bool:
        """Logged by the integration, or naming it (a traceback through its
        code, "Error setting up entry ... for status_dashboard", ...)."""
        return self.logger.startswith(LOGGER_NAME) or "status_dashboard" in self.text

    @property
    def is_error(self) -> bool:
        return self.level in {"ERROR", "CRITICAL"} or "Traceback" in self.text


def parse_log(text: str) -> list[LogRecord]:
    """Split Home Assistant's log into records (continuation lines attached).

    Raises UnparsedLogLine for text before the first record and for a line
    that starts with a timestamp but is no record the pattern knows (a new
    log format must fail the test, not turn into records without a level).
    """
    records: list[LogRecord] = []
    level, logger = "", ""
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _RECORD_START.match(line):
            if lines:
                records.append(LogRecord(level, logger, "\n".join(lines)))
            level, logger, lines = match["level"], match["logger"], [line]
        elif not lines and line.strip():
            raise UnparsedLogLine(f"line {number} is not a log record: {line!r}")
        elif _TIMESTAMP.match(line):
            raise UnparsedLogLine(f"line {number} has an unknown format: {line!r}")
        elif lines:
            lines.append(line)
    if lines:
        records.append(LogRecord(level, logger, "\n".join(lines)))
    return records


# -------------------------------------------------------------------- API


class ApiError(AssertionError):
    """Home Assistant answered something a user would not expect."""


async def wait_until[T](
    probe: Callable[[], Awaitable[T | None]],
    timeout: float,
    what: str,
    interval: float = 0.05,
) -> T:
    """Call ``probe`` until it returns something else than None/False."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result is not None and result is not False:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        await asyncio.sleep(interval)


@dataclass
class HomeAssistantApi:
    """Home Assistant's HTTP API as the owner uses it."""

    http: aiohttp.ClientSession
    base_url: str
    access_token: str = ""

    @property
    def client_id(self) -> str:
        return self.base_url + "/"

    def _headers(self) -> dict[str, str]:
        if not self.access_token:
            return {}
        return {"Authorization": f"Bearer {self.access_token}"}

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Any = None,
        expect: int = HTTPStatus.OK,
    ) -> Any:
        async with self.http.request(
            method, self.base_url + path, json=json, data=data, headers=self._headers()
        ) as response:
            body = await response.text()
            if response.status != expect:
                raise ApiError(f"{method} {path}: {response.status} {body[:500]}")
            return await response.json() if body else None

    async def wait_until_up(
        self, process: HomeAssistantProcess, timeout: float = 120.0
    ) -> None:
        """Until the HTTP server answers (fail at once if `hass` exits)."""

        async def answers() -> bool:
            if process.returncode is not None:
                raise AssertionError(
                    f"hass exited with {process.returncode} while starting:\n"
                    + process.log_tail()
                )
            try:
                async with self.http.get(
                    self.base_url + "/api/onboarding",
                    timeout=aiohttp.ClientTimeout(total=5),
                ) as response:
                    return response.status == HTTPStatus.OK
            except aiohttp.ClientError, TimeoutError:
                return False

        await wait_until(answers, timeout, "Home Assistant answering", interval=0.25)

    async def onboard(self, name: str, username: str, password: str) -> None:
        """Every onboarding step, as the frontend's onboarding does them."""
        created = await self.request(
            "POST",
            "/api/onboarding/users",
            json={
                "client_id": self.client_id,
                "name": name,
                "username": username,
                "password": password,
                "language": "en",
            },
        )
        tokens = await self.request(
            "POST",
            "/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": created["auth_code"],
                "client_id": self.client_id,
            },
        )
        self.access_token = tokens["access_token"]
        steps = {
            s["step"]: s["done"] for s in await self.request("GET", "/api/onboarding")
        }
        if not steps.get("core_config"):
            await self.request("POST", "/api/onboarding/core_config")
        if not steps.get("analytics"):
            await self.request("POST", "/api/onboarding/analytics")
        if not steps.get("integration"):
            await self.request(
                "POST",
                "/api/onboarding/integration",
                json={
                    "client_id": self.client_id,
                    "redirect_uri": self.base_url + "/?auth_callback=1",
                },
            )
        left = [
            s["step"]
            for s in await self.request("GET", "/api/onboarding")
            if not s["done"]
        ]
        if left:
            raise ApiError(f"onboarding steps left: {left}")

    async def first_start(self, hass: HomeAssistantProcess, **owner: str) -> None:
        """Up, onboarded as a person does it (`owner`: name, username, password),
        running, and the YAML http settings kept."""
        await self.wait_until_up(hass, timeout=120)
        await self.onboard(**owner)
        await self.wait_until_running()
        await self.confirm_http_config()

    async def start_flow(self, handler: str) -> dict[str, Any]:
        """Start a config flow, as the Add integration dialog does: its first step."""
        return await self.request(
            "POST", "/api/config/config_entries/flow", json={"handler": handler}
        )

    async def flow_step(self, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Submit one step of a config flow: the next step or the result."""
        return await self.request(
            "POST", f"/api/config/config_entries/flow/{flow_id}", json=data
        )

    async def wait_until_running(self, timeout: float = 60.0) -> None:
        """Until Home Assistant reports that its start is over."""

        async def running() -> bool:
            config = await self.request("GET", "/api/config")
            return bool(config.get("state") == "RUNNING")

        await wait_until(running, timeout, "Home Assistant RUNNING", interval=0.25)

    async def websocket(self, *messages: dict[str, Any]) -> list[dict[str, Any]]:
        """Send commands over /api/websocket; their results, in order."""
        results = []
        async with self.http.ws_connect(
            self.base_url + "/api/websocket",
            timeout=aiohttp.ClientWSTimeout(ws_close=5),
        ) as ws:
            hello = await ws.receive_json(timeout=10)
            assert hello["type"] == "auth_required", hello
            await ws.send_json({"type": "auth", "access_token": self.access_token})
            auth = await ws.receive_json(timeout=10)
            assert auth["type"] == "auth_ok", auth
            for number, message in enumerate(messages, start=1):
                await ws.send_json({"id": number, **message})
                while True:
                    reply = await ws.receive_json(timeout=10)
                    if reply.get("id") == number and reply["type"] == "result":
                        results.append(reply)
                        break
        return results

    async def confirm_http_config(self) -> None:
        """Keep the YAML `http:` settings, as the owner's *Confirm* would.

        Home Assistant 2026.10 moves `http:` from configuration.yaml to its
        storage as a trial ("pending") config, shows a *Confirm new HTTP server
        configuration* dialog, and reverts to the defaults (port 8123, every
        interface) with a restart after 5 minutes unless it is confirmed.
        """
        [reply] = await self.websocket({"type": "http/config/promote"})
        if not reply["success"] and "No pending" not in reply["error"]["message"]:
            raise ApiError(f"http/config/promote: {reply}")

    async def states(self) -> dict[str, dict[str, Any]]:
        return {s["entity_id"]: s for s in await self.request("GET", "/api/states")}

    async def template(self, template: str) -> str:
        async with self.http.post(
            self.base_url + "/api/template",
            json={"template": template},
            headers=self._headers(),
        ) as response:
            body = await response.text()
            if response.status != HTTPStatus.OK:
                raise ApiError(f"template: {response.status} {body[:500]}")
            return body

    async def wait_until_settled(self, timeout: float = 30.0) -> None:
        """Until no config entry is being set up.

        Stopping Home Assistant cancels a setup in flight, which it logs as an
        error. Without internet access, onboarding's Radio Browser entry
        spends about ten seconds per attempt on DNS and retries in the
        background (5 s, 10 s, 20 s, ... apart).
        """

        async def settled() -> bool:
            entries = await self.request("GET", "/api/config/config_entries/entry")
            return all(e["state"] != "setup_in_progress" for e in entries)

        await wait_until(settled, timeout, "no config entry setting up", interval=0.1)

    async def stop(self, process: HomeAssistantProcess, timeout: float = 60.0) -> int:
        """`homeassistant.stop`, then wait for the process to exit; its code."""
        with contextlib.suppress(aiohttp.ClientError, TimeoutError):
            async with self.http.post(
                self.base_url + "/api/services/homeassistant/stop",
                headers=self._headers(),
                timeout=aiohttp.ClientTimeout(total=10),
            ):
                pass

        async def exited() -> int | None:
            return process.returncode

        try:
            return await wait_until(exited, timeout, "hass exiting", interval=0.2)
        except AssertionError:
            raise AssertionError(
                f"hass did not exit within {timeout} s of homeassistant.stop:\n"
                + process.log_tail()
            ) from None
