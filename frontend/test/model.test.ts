import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Board, BoardEntry, BoardService } from "../src/board";
import type { HassEntity } from "../src/ha";
import {
  boardGroups,
  boardTiles,
  checkedAgo,
  entryConnected,
  entryProblem,
  formatResponseTime,
  formatUptime,
  lastSeenAgo,
  relativeTime,
  responseTimeMs,
  serviceStates,
  serviceStatus,
  STATUS_ORDER,
  tileEntityIds,
  tileView,
  validateConfig,
} from "../src/model";

function state(entityId: string, value: string, attributes: Record<string, unknown> = {}): HassEntity {
  return { entity_id: entityId, state: value, attributes, last_changed: "", last_updated: "" };
}

function service(id: string, name: string, group: string | null = null): BoardService {
  return {
    id,
    device_id: `device-${id}`,
    name,
    group,
    entities: {
      status: `binary_sensor.${id}`,
      status_sensor: `sensor.${id}_status`,
      response_time: `sensor.${id}_response_time`,
      refresh: `button.${id}_refresh`,
    },
  };
}

/** A service's entities as Home Assistant has them: the status in the Status
 * sensor, up or not in the binary sensor (no attributes but its id). */
function serviceState(id: string, status: string): Record<string, HassEntity> {
  const on = status === "unavailable" ? "unavailable" : status === "down" ? "off" : "on";
  return {
    [`binary_sensor.${id}`]: state(`binary_sensor.${id}`, on, { service_id: id }),
    [`sensor.${id}_status`]: state(`sensor.${id}_status`, status, { details: {} }),
  };
}

function entry(entryId: string, services: BoardService[], extra: Partial<BoardEntry> = {}): BoardEntry {
  return {
    entry_id: entryId,
    title: `server ${entryId}`,
    state: "loaded",
    reauth: false,
    grace_period: 30,
    entities: { connection: `binary_sensor.${entryId}_connection` },
    services,
    ...extra,
  };
}

describe("serviceStatus", () => {
  const binary = (value: string) => state("binary_sensor.x", value, { service_id: "x" });
  const sensor = (value: string) => state("sensor.x_status", value, { details: {} });

  it("reads the Status sensor's state", () => {
    for (const status of ["up", "degraded", "down", "maintenance", "paused", "pending"]) {
      assert.equal(serviceStatus({ binary: binary("on"), status: sensor(status) }), status);
    }
  });

  it("says unknown for a status it does not know or none yet", () => {
    assert.equal(serviceStatus({ binary: binary("on"), status: sensor("unknown") }), "unknown");
    assert.equal(serviceStatus({ binary: binary("unknown"), status: sensor("retired") }), "unknown");
  });

  it("never reads a status from the binary sensor's attributes", () => {
    const old = state("binary_sensor.x", "on", { status: "degraded" });
    assert.equal(serviceStatus({ binary: old }), "up");
    assert.equal(serviceStatus({ binary: old, status: sensor("down") }), "down");
  });

  it("falls back on the binary sensor's on/off without a Status sensor", () => {
    assert.equal(serviceStatus({ binary: binary("on") }), "up");
    assert.equal(serviceStatus({ binary: binary("off") }), "down");
    assert.equal(serviceStatus({ binary: binary("unknown") }), "unknown");
    assert.equal(serviceStatus({ binary: binary("unavailable") }), "unavailable");
  });

  it("is unavailable without states or when Home Assistant says so", () => {
    assert.equal(serviceStatus({}), "unavailable");
    assert.equal(
      serviceStatus({ binary: binary("unavailable"), status: sensor("unavailable") }),
      "unavailable",
    );
  });

  it("takes each entity's state from the board's parts", () => {
    const svc = service("x", "X");
    svc.entities.uptime_24h = "sensor.x_uptime_24h";
    assert.deepEqual(tileEntityIds(svc), [
      "binary_sensor.x",
      "sensor.x_status",
      "sensor.x_response_time",
      "sensor.x_uptime_24h",
    ]);
    const states = {
      "binary_sensor.x": binary("on"),
      "sensor.x_status": sensor("paused"),
      "sensor.x_uptime_24h": state("sensor.x_uptime_24h", "99.5"),
    };
    const got = serviceStates(svc, states);
    assert.equal(got.binary, states["binary_sensor.x"]);
    assert.equal(got.status, states["sensor.x_status"]);
    assert.equal(got.responseTime, undefined);
    assert.equal(got.uptime, states["sensor.x_uptime_24h"]);
    svc.entities = { status: "binary_sensor.x" };
    assert.deepEqual(tileEntityIds(svc), ["binary_sensor.x"]);
  });
});

describe("boardTiles", () => {
  const services = [
    service("a", "Alpha", "Core"),
    service("b", "beta", "Data"),
    service("c", "Gamma", "Core"),
    service("d", "Delta", "Edge"),
    service("e", "Epsilon 10"),
    service("f", "Epsilon 9"),
  ];
  const states = {
    ...serviceState("a", "up"),
    ...serviceState("b", "degraded"),
    ...serviceState("c", "down"),
    ...serviceState("d", "unavailable"),
    ...serviceState("e", "up"),
    ...serviceState("f", "up"),
  };
  const board: Board = { entries: [entry("one", services)] };

  it("puts down first, then degraded, then unavailable, then the rest by name", () => {
    const order = boardTiles(board, { type: "" }, states).map((t) => t.service.name);
    assert.deepEqual(order, ["Gamma", "beta", "Delta", "Alpha", "Epsilon 9", "Epsilon 10"]);
  });

  it("filters by group and by status", () => {
    const core = boardTiles(board, { type: "", groups: ["Core"] }, states);
    assert.deepEqual(core.map((t) => t.service.id), ["c", "a"]);
    const problems = boardTiles(board, { type: "", statuses: ["down", "unavailable"] }, states);
    assert.deepEqual(problems.map((t) => t.service.id), ["c", "d"]);
  });

  it("puts maintenance, pending and paused after the problems and before up", () => {
    const quiet = [
      service("m", "Mail"),
      service("p", "Printer"),
      service("q", "Queue"),
      service("u", "API"),
      service("x", "Web"),
      service("z", "Zone"),
    ];
    const quietStates = {
      ...serviceState("m", "paused"),
      ...serviceState("p", "maintenance"),
      ...serviceState("q", "pending"),
      ...serviceState("u", "up"),
      ...serviceState("x", "down"),
      ...serviceState("z", "unavailable"),
    };
    const tiles = boardTiles({ entries: [entry("one", quiet)] }, { type: "" }, quietStates);
    assert.deepEqual(
      tiles.map((t) => t.status),
      ["down", "unavailable", "maintenance", "pending", "paused", "up"],
    );
    assert.deepEqual(STATUS_ORDER.slice(-4), ["maintenance", "pending", "paused", "up"]);
    const paused = boardTiles(
      { entries: [entry("one", quiet)] },
      { type: "", statuses: ["paused", "maintenance"] },
      quietStates,
    );
    assert.deepEqual(paused.map((t) => t.service.id), ["p", "m"]);
  });

  it("falls back on the binary sensor for a service without a Status sensor", () => {
    const plain = service("g", "Gate");
    delete plain.entities.status_sensor;
    const states = { "binary_sensor.g": state("binary_sensor.g", "off", { service_id: "g" }) };
    const [tile] = boardTiles({ entries: [entry("one", [plain])] }, { type: "" }, states);
    assert.equal(tile.status, "down");
  });

  it("shows the chosen entry only, or every entry", () => {
    const two: Board = { entries: [entry("one", [service("a", "Alpha")]), entry("two", [service("z", "Zulu")])] };
    assert.deepEqual(boardTiles(two, { type: "", entry_id: "two" }, {}).map((t) => t.key), ["two/z"]);
    assert.deepEqual(boardTiles(two, { type: "" }, {}).map((t) => t.key), ["one/a", "two/z"]);
  });

  it("skips a service without a binary sensor (past the entity cap)", () => {
    const capped = service("x", "Capped");
    capped.entities = {};
    assert.deepEqual(boardTiles({ entries: [entry("one", [capped])] }, { type: "" }, {}), []);
  });

  it("lists the groups for the editor, sorted", () => {
    assert.deepEqual(boardGroups(board), ["Core", "Data", "Edge"]);
  });
});

describe("entryProblem", () => {
  const one = entry("one", []);

  it("says nothing while connected", () => {
    assert.equal(entryProblem(one, state("c", "on", { reconnect_attempt: 0 })), "");
  });

  it("counts reconnection attempts", () => {
    assert.equal(entryProblem(one, state("c", "off", { reconnect_attempt: 0 })), "Reconnecting…");
    assert.equal(entryProblem(one, state("c", "off", { reconnect_attempt: 3 })), "Reconnecting… (attempt 3)");
  });

  it("asks to re-authenticate when the server refused the token", () => {
    assert.equal(entryProblem({ ...one, reauth: true }, state("c", "off")), "Signed out: re-authenticate");
  });

  it("says when the entry is not running", () => {
    assert.equal(entryProblem({ ...one, state: "setup_retry" }, undefined), "Reconnecting…");
    assert.equal(entryProblem({ ...one, state: "not_loaded" }, undefined), "Not connected");
  });
});

describe("entryConnected", () => {
  const one = entry("one", []);

  it("is true while loaded and the Connection sensor is on", () => {
    assert.equal(entryConnected(one, state("c", "on")), true);
    assert.equal(entryConnected(one, undefined), true, "no Connection sensor to say otherwise");
  });

  it("is false while the connection is lost or the entry is not loaded", () => {
    assert.equal(entryConnected(one, state("c", "off")), false);
    assert.equal(entryConnected(one, state("c", "unavailable")), false);
    assert.equal(entryConnected({ ...one, state: "setup_retry" }, undefined), false);
    assert.equal(entryConnected({ ...one, state: "not_loaded" }, state("c", "on")), false);
  });
});

describe("tileView", () => {
  const at = "2026-11-26T08:00:00+00:00";
  const responseTime = (value: string, attributes: Record<string, unknown> = {}) =>
    state("sensor.x_response_time", value, {
      unit_of_measurement: "ms",
      last_check: at,
      ...attributes,
    });

  it("reads each figure from the entity that owns it", () => {
    const svc = { ...service("x", "Search", "Core"), last_known: null };
    const view = tileView(svc, {
      binary: state("binary_sensor.x", "on", { service_id: "x" }),
      status: state("sensor.x_status", "degraded", { details: {} }),
      responseTime: responseTime("1350.0"),
      uptime: state("sensor.x_uptime_24h", "99.9"),
    });
    assert.equal(view.status, "degraded");
    assert.equal(view.responseTime, "1.35 s");
    assert.equal(view.uptime, "99.9 % up (24 h)");
    assert.equal(view.checkedAt, Date.parse(at));
    assert.equal(view.ago("4 min ago"), "checked 4 min ago");
    assert.equal(
      view.label,
      "Search: Degraded, response time 1.35 s, 99.9 % up (24 h), group Core",
    );
  });

  it("says so when there is no measurement or no check time", () => {
    const svc = service("x", "Search");
    const down = tileView(svc, {
      status: state("sensor.x_status", "down"),
      responseTime: state("sensor.x_response_time", "unknown", { last_check: null }),
    });
    assert.equal(down.responseTime, "—");
    assert.equal(down.checkedAt, null);
    assert.equal(down.ago(null), "last check unknown");
    assert.equal(down.label, "Search: Down");
  });

  it("has no check time without a Response time sensor", () => {
    const svc = service("x", "Search");
    delete svc.entities.response_time;
    const view = tileView(svc, { status: state("sensor.x_status", "paused") });
    assert.equal(view.status, "paused");
    assert.equal(view.checkedAt, null);
    assert.equal(view.ago(null), "");
  });

  it("says what was last seen when unavailable, and since when", () => {
    const svc = {
      ...service("x", "Search"),
      last_known: { status: "down", last_check: at },
    };
    const view = tileView(svc, {
      binary: state("binary_sensor.x", "unavailable"),
      status: state("sensor.x_status", "unavailable"),
      responseTime: state("sensor.x_response_time", "unavailable"),
      uptime: state("sensor.x_uptime_24h", "unavailable"),
    });
    assert.equal(view.status, "unavailable");
    assert.equal(view.responseTime, "—");
    assert.equal(view.uptime, "");
    assert.equal(view.checkedAt, Date.parse(at));
    assert.equal(view.ago("4 min ago"), "Last seen down · 4\u00a0min\u00a0ago");
    assert.equal(view.label, "Search: Unavailable, last seen down");
  });

  it("words what was last seen", () => {
    assert.equal(lastSeenAgo({ status: "up", last_check: null })(null), "Last seen up");
    assert.equal(
      lastSeenAgo({ status: "maintenance", last_check: at })("2 h ago"),
      "Last seen maintenance · 2\u00a0h\u00a0ago",
    );
    assert.equal(lastSeenAgo({ status: null, last_check: at })("12 s ago"), "Last checked 12 s ago");
    assert.equal(lastSeenAgo(null)(null), "no recent check");
    assert.equal(lastSeenAgo(undefined)(null), "no recent check");
    assert.equal(checkedAgo("just now"), "checked just now");
  });
});

describe("relativeTime", () => {
  it("counts seconds, minutes, hours and days", () => {
    assert.equal(relativeTime(400), "just now");
    assert.equal(relativeTime(-5000), "just now");
    assert.equal(relativeTime(12_300), "12 s ago");
    assert.equal(relativeTime(59_999), "59 s ago");
    assert.equal(relativeTime(60_000), "1 min ago");
    assert.equal(relativeTime(3 * 3600_000 + 5), "3 h ago");
    assert.equal(relativeTime(49 * 3600_000), "2 d ago");
  });

  it("formats response times", () => {
    assert.equal(formatResponseTime(42.4), "42 ms");
    assert.equal(formatResponseTime(1250), "1.25 s");
    assert.equal(formatResponseTime(null), "—");
  });

  it("reads the Response time sensor in the unit it is shown in", () => {
    const sensor = (value: string, unit?: string) =>
      state("sensor.x_response_time", value, unit ? { unit_of_measurement: unit } : {});
    assert.equal(responseTimeMs(sensor("42.0", "ms")), 42);
    assert.equal(responseTimeMs(sensor("42")), 42);
    assert.equal(responseTimeMs(sensor("1.35", "s")), 1350);
    assert.equal(responseTimeMs(sensor("unknown", "ms")), null);
    assert.equal(responseTimeMs(sensor("unavailable")), null);
    assert.equal(responseTimeMs(sensor("3", "fortnights")), null);
    assert.equal(responseTimeMs(undefined), null);
  });
});

describe("validateConfig", () => {
  it("accepts the card's options", () => {
    const config = validateConfig({
      type: "custom:status-dashboard-card",
      entry_id: "01ABC",
      title: "Services",
      columns: 4,
      groups: ["Core"],
      statuses: ["down", "degraded", "maintenance", "paused", "pending"],
    });
    assert.equal(config.columns, 4);
    assert.deepEqual(config.statuses, ["down", "degraded", "maintenance", "paused", "pending"]);
    assert.equal(validateConfig({ type: "x", columns: "auto" }).columns, undefined);
  });

  it("names the first wrong option", () => {
    assert.throws(() => validateConfig(null), /must be a mapping/);
    assert.throws(() => validateConfig({ type: "x", column: 3 }), /Unknown option 'column'/);
    assert.throws(() => validateConfig({ type: "x", columns: 0 }), /'columns' must be/);
    assert.throws(() => validateConfig({ type: "x", columns: 2.5 }), /'columns' must be/);
    assert.throws(() => validateConfig({ type: "x", entry_id: 5 }), /'entry_id'/);
    assert.throws(() => validateConfig({ type: "x", groups: "Core" }), /'groups' must be a list/);
    assert.throws(() => validateConfig({ type: "x", statuses: ["broken"] }), /not 'broken'/);
  });
});

describe("formatUptime", () => {
  const sensor = (state: string) =>
    ({ entity_id: "sensor.plex_uptime_24_h", state, attributes: {} }) as HassEntity;
  it("shows the server's 24-hour figure, trimmed", () => {
    assert.equal(formatUptime(sensor("99.9")), "99.9 % up (24 h)");
    assert.equal(formatUptime(sensor("99.954")), "99.95 % up (24 h)");
    assert.equal(formatUptime(sensor("100.0")), "100 % up (24 h)");
    assert.equal(formatUptime(sensor("87.25")), "87.3 % up (24 h)");
  });
  it("shows nothing without a figure", () => {
    assert.equal(formatUptime(undefined), "");
    assert.equal(formatUptime(sensor("unknown")), "");
    assert.equal(formatUptime(sensor("unavailable")), "");
  });
});
