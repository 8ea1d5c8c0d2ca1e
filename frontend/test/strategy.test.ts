import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Board } from "../src/board";
import type { HassEntity } from "../src/ha";
import { dashboardConfig, viewConfig } from "../src/strategy";

function entry(entryId: string, ids: string[]) {
  return {
    entry_id: entryId,
    title: `server ${entryId}`,
    state: "loaded",
    reauth: false,
    grace_period: 30,
    entities: {},
    services: ids.map((id) => ({
      id,
      device_id: `d-${id}`,
      name: id,
      group: null,
      entities: {
        status: `binary_sensor.${id}`,
        status_sensor: `sensor.${id}_status`,
        response_time: `sensor.${id}_response_time`,
      },
    })),
  };
}

function state(value: string): HassEntity {
  return { entity_id: "", state: value, attributes: {}, last_changed: "", last_updated: "" };
}

const board: Board = { entries: [entry("01A", ["api", "db", "mail"]), entry("01B", ["web"])] };

describe("the dashboard strategy", () => {
  it("makes a view per entry, each built by the view strategy", () => {
    const views = dashboardConfig(board, { type: "custom:status-dashboard" }).views;
    assert.deepEqual(
      views.map((v) => [v.title, v.path, v.strategy]),
      [
        ["server 01A", "server-01a", { type: "custom:status-dashboard", entry_id: "01A" }],
        ["server 01B", "server-01b", { type: "custom:status-dashboard", entry_id: "01B" }],
      ],
    );
    const one = dashboardConfig(board, { type: "x", entry_id: "01B" }).views;
    assert.equal(one.length, 1);
  });

  it("says what to do when there is no server", () => {
    const [view] = dashboardConfig({ entries: [] }, { type: "x" }).views;
    assert.equal(view.cards?.[0].type, "markdown");
  });

  it("puts the card and the history of the services that are not up in a view", () => {
    const states = {
      "binary_sensor.api": state("on"),
      "sensor.api_status": state("up"),
      "binary_sensor.db": state("on"),
      "sensor.db_status": state("degraded"),
      "binary_sensor.mail": state("off"),
      "sensor.mail_status": state("down"),
    };
    const view = viewConfig(board, { type: "x", entry_id: "01A" }, states);
    assert.equal(view.type, "panel");
    const [stack] = view.cards ?? [];
    const [card, history] = stack.cards as Record<string, unknown>[];
    assert.deepEqual(card, { type: "custom:status-dashboard-card", entry_id: "01A" });
    assert.equal(history.type, "history-graph");
    assert.deepEqual(history.entities, ["sensor.db_response_time", "sensor.mail_response_time"]);
  });

  it("leaves the graph out when every service is up", () => {
    const states = { "binary_sensor.web": state("on"), "sensor.web_status": state("up") };
    const view = viewConfig(board, { type: "x", entry_id: "01B" }, states);
    const [stack] = view.cards ?? [];
    assert.equal((stack.cards as unknown[]).length, 1);
  });
});
