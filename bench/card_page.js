// The status board's card on a page of its own, fed by a `hass` object shaped
// like Home Assistant's: what bench/card.py measures in Chromium.
// window.boardBench.setUp(count) then .burst(updates, spacingMs).

const NOW = Date.now();

function entityState(entityId, state, attributes) {
  return { entity_id: entityId, state, attributes, last_changed: "", last_updated: "" };
}

/** The binary sensor: up or not (a tap opens it). */
function binaryState(index, status) {
  const id = `binary_sensor.service_${index}`;
  return entityState(id, status === "down" ? "off" : "on", { service_id: `service-${index}` });
}

/** The Status sensor: the status, with the check's details. */
function statusState(index, status) {
  return entityState(`sensor.service_${index}_status`, status, { details: {} });
}

/** The Response time sensor: the time, with the check's time. */
function responseTimeState(index, responseTime) {
  return entityState(
    `sensor.service_${index}_response_time`,
    responseTime === null ? "unknown" : String(responseTime),
    {
      unit_of_measurement: "ms",
      last_check: new Date(NOW - (index % 50) * 1000).toISOString(),
    },
  );
}

function makeBoard(count) {
  const services = [];
  for (let i = 0; i < count; i += 1) {
    services.push({
      id: `service-${i}`,
      device_id: `device-${i}`,
      name: `Service ${i}`,
      group: ["Core", "Data", "Edge", "Business"][i % 4],
      entities: {
        status: `binary_sensor.service_${i}`,
        status_sensor: `sensor.service_${i}_status`,
        response_time: `sensor.service_${i}_response_time`,
        refresh: `button.service_${i}_refresh`,
      },
    });
  }
  return {
    entries: [
      {
        entry_id: "bench",
        title: "bench",
        state: "loaded",
        reauth: false,
        grace_period: 30,
        entities: { connection: "binary_sensor.bench_connection", refresh_all: "button.bench_refresh_all" },
        services,
      },
    ],
  };
}

function makeHass(states, board) {
  return {
    states,
    connection: {
      subscribeMessage(callback) {
        queueMicrotask(() => callback(board));
        return Promise.resolve(async () => undefined);
      },
    },
    callWS: async () => board,
    callService: async () => undefined,
  };
}

const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** Gaps between animation frames while `run` runs: the longest is the worst frame. */
async function frameGaps(run) {
  const gaps = [];
  let last = performance.now();
  let going = true;
  const tick = (now) => {
    gaps.push(now - last);
    last = now;
    if (going) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: "longtask" });
  const result = await run();
  await frames();
  going = false;
  observer.disconnect();
  return { result, longestFrame: Math.max(0, ...gaps), longTasks };
}

/** Every DOM mutation in the card and its tiles (not the clock's text). */
function recordMutations(card) {
  const records = [];
  const observers = [];
  const watch = (root, owner) => {
    const observer = new MutationObserver((list) => {
      for (const m of list) {
        const element = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
        if (element && element.closest("[data-clock]")) continue;
        records.push(owner);
      }
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    observers.push(observer);
  };
  watch(card.shadowRoot, "card");
  for (const tile of card.shadowRoot.querySelectorAll("status-dashboard-tile")) watch(tile.shadowRoot, tile.service.id);
  return {
    take: () => records.splice(0),
    stop: () => observers.forEach((o) => o.disconnect()),
  };
}

const STATUSES = ["up", "degraded", "down"];

window.boardBench = {
  async setUp(count) {
    const board = makeBoard(count);
    const states = {
      "binary_sensor.bench_connection": { entity_id: "binary_sensor.bench_connection", state: "on", attributes: { reconnect_attempt: 0 } },
    };
    for (let i = 0; i < count; i += 1) {
      const status = STATUSES[i % 17 === 0 ? 2 : i % 11 === 0 ? 1 : 0];
      for (const state of [binaryState(i, status), statusState(i, status), responseTimeState(i, 40 + (i % 90))]) {
        states[state.entity_id] = state;
      }
    }
    this.hass = makeHass(states, board);
    this.count = count;
    const { result: firstRender, longestFrame, longTasks } = await frameGaps(async () => {
      const start = performance.now();
      const card = document.createElement("status-dashboard-card");
      card.setConfig({ type: "custom:status-dashboard-card" });
      card.hass = this.hass;
      document.body.append(card);
      this.card = card;
      while (card.shadowRoot?.querySelectorAll("status-dashboard-tile").length !== count) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await card.updateComplete;
      await Promise.all([...card.shadowRoot.querySelectorAll("status-dashboard-tile")].map((tile) => tile.updateComplete));
      await frames();
      return performance.now() - start;
    });
    const tiles = [...this.card.shadowRoot.querySelectorAll("status-dashboard-tile")];
    this.tiles = new Map(tiles.map((tile) => [tile.service.id, tile]));
    const nodes = tiles.reduce((sum, tile) => sum + tile.shadowRoot.querySelectorAll("*").length, 0)
      + this.card.shadowRoot.querySelectorAll("*").length;
    return { firstRender, longestFrame, longTasks, nodes };
  },

  async burst(updates, spacingMs, seed = 1) {
    let random = seed;
    const next = () => ((random = (random * 48271) % 2147483647) / 2147483647);
    const recorder = recordMutations(this.card);
    const perUpdate = [];
    const tilesTouched = [];
    const work = [];
    const { result: elapsed, longestFrame, longTasks } = await frameGaps(async () => {
      const start = performance.now();
      for (let u = 0; u < updates; u += 1) {
        const index = Math.floor(next() * this.count);
        // Every other update is a status change (the tile moves: a new Status
        // sensor state), the rest a response time (a new Response time sensor state).
        const old = this.hass.states[`sensor.service_${index}_status`].state;
        const state = u % 2 === 0
          ? statusState(index, STATUSES[(STATUSES.indexOf(old) + 1) % 3])
          : responseTimeState(index, Math.round(20 + next() * 400));
        const began = performance.now();
        this.hass = { ...this.hass, states: { ...this.hass.states, [state.entity_id]: state } };
        this.card.hass = this.hass;
        await this.card.updateComplete;
        const tile = this.tiles.get(`service-${index}`);
        await tile?.updateComplete;
        work.push(performance.now() - began);
        await new Promise((resolve) => setTimeout(resolve, spacingMs));
        const owners = recorder.take();
        perUpdate.push(owners.length);
        tilesTouched.push(new Set(owners.filter((o) => o !== "card")).size);
      }
      return performance.now() - start;
    });
    recorder.stop();
    return { elapsed, longestFrame, longTasks, perUpdate, tilesTouched, work };
  },
};
