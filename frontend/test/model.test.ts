import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Board, BoardEntry, BoardService } from "../src/board";
import type { HassEntity } from "../src/ha";
import {
  boardGroups,
  boardTiles,
  entryProblem,
  formatResponseTime,
  formatUptime,
  relativeTime,
  serviceStatus,
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
    entities: { status: `binary_sensor.${id}`, refresh: `button.${id}_refresh` },
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
  it("reads the status attribute of the service's binary sensor", () => {
    assert.equal(serviceStatus(state("b.x", "on", { status: "up" })), "up");
    assert.equal(serviceStatus(state("b.x", "on", { status: "degraded" })), "degraded");
    assert.equal(serviceStatus(state("b.x", "off", { status: "down" })), "down");
  });

  it("falls back on the on/off state without a status attribute", () => {
    assert.equal(serviceStatus(state("b.x", "on")), "up");
    assert.equal(serviceStatus(state("b.x", "off")), "down");
    assert.equal(serviceStatus(state("b.x", "unknown")), "unknown");
  });

  it("is unavailable without a state or when Home Assistant says so", () => {
    assert.equal(serviceStatus(undefined), "unavailable");
    assert.equal(serviceStatus(state("b.x", "unavailable", { status: "up" })), "unavailable");
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
    "binary_sensor.a": state("binary_sensor.a", "on", { status: "up" }),
    "binary_sensor.b": state("binary_sensor.b", "on", { status: "degraded" }),
    "binary_sensor.c": state("binary_sensor.c", "off", { status: "down" }),
    "binary_sensor.d": state("binary_sensor.d", "unavailable"),
    "binary_sensor.e": state("binary_sensor.e", "on", { status: "up" }),
    "binary_sensor.f": state("binary_sensor.f", "on", { status: "up" }),
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
});

describe("validateConfig", () => {
  it("accepts the card's options", () => {
    const config = validateConfig({
      type: "custom:status-dashboard-card",
      entry_id: "01ABC",
      title: "Services",
      columns: 4,
      groups: ["Core"],
      statuses: ["down", "degraded"],
    });
    assert.equal(config.columns, 4);
    assert.deepEqual(config.statuses, ["down", "degraded"]);
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
