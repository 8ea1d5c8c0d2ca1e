/**
 * What the card shows, without the DOM: a service's status and figures from
 * the entities that own them, the order and filters of the tiles, relative
 * times, the card's options.
 */

import type { Board, BoardEntry, BoardService, LastKnown } from "./board";
import type { HassEntity } from "./ha";

/** What the server reports (the Status sensor's states). */
export type ServerStatus =
  | "up"
  | "degraded"
  | "down"
  | "maintenance"
  | "paused"
  | "pending";
export type Status = ServerStatus | "unavailable" | "unknown";

const SERVER_STATUSES: ReadonlySet<string> = new Set<ServerStatus>([
  "up",
  "degraded",
  "down",
  "maintenance",
  "paused",
  "pending",
]);

/**
 * Problems first: down, degraded, then what Home Assistant cannot tell
 * (unavailable, unknown); then what the server says on purpose (maintenance,
 * pending, paused); up last.
 */
export const STATUS_ORDER: readonly Status[] = [
  "down",
  "degraded",
  "unavailable",
  "unknown",
  "maintenance",
  "pending",
  "paused",
  "up",
];
export const FILTERABLE_STATUSES: readonly Status[] = [
  "up",
  "degraded",
  "down",
  "maintenance",
  "paused",
  "pending",
  "unavailable",
];

export const STATUS_TEXT: Record<Status, string> = {
  up: "Up",
  degraded: "Degraded",
  down: "Down",
  maintenance: "Maintenance",
  paused: "Paused",
  pending: "Pending",
  unavailable: "Unavailable",
  unknown: "Unknown",
};

/** Why the refresh controls are off while the server is out of reach. */
export const NOT_CONNECTED = "Not connected to the status server";

/** The state objects of a service's entities that its tile shows. */
export interface ServiceStates {
  /** The binary sensor: on while up (or degraded); what a tap opens. */
  binary?: HassEntity;
  /** The Status sensor: the status as its state. */
  status?: HassEntity;
  /** The Response time sensor: the time as its state, `last_check` attribute. */
  responseTime?: HassEntity;
  /** The Uptime (24 h) sensor. */
  uptime?: HassEntity;
}

/** The entities of a service whose states its tile shows. */
export function tileEntityIds(service: BoardService): string[] {
  const { status, status_sensor, response_time, uptime_24h } = service.entities;
  return [status, status_sensor, response_time, uptime_24h].filter(
    (id): id is string => Boolean(id),
  );
}

/** The state objects of a service's entities, from Home Assistant's states. */
export function serviceStates(
  service: BoardService,
  states: Record<string, HassEntity | undefined>,
): ServiceStates {
  const { status, status_sensor, response_time, uptime_24h } = service.entities;
  return {
    binary: status ? states[status] : undefined,
    status: status_sensor ? states[status_sensor] : undefined,
    responseTime: response_time ? states[response_time] : undefined,
    uptime: uptime_24h ? states[uptime_24h] : undefined,
  };
}

/**
 * A service's status: the Status sensor's state; without a Status sensor
 * (turned off, disabled), the binary sensor's on/off (up/down).
 */
export function serviceStatus(states: ServiceStates): Status {
  const sensor = states.status;
  if (sensor) {
    if (sensor.state === "unavailable") return "unavailable";
    return SERVER_STATUSES.has(sensor.state) ? (sensor.state as Status) : "unknown";
  }
  const binary = states.binary;
  if (!binary || binary.state === "unavailable") return "unavailable";
  if (binary.state === "on") return "up";
  if (binary.state === "off") return "down";
  return "unknown";
}

export interface Tile {
  key: string;
  entry: BoardEntry;
  service: BoardService;
  status: Status;
}

const collator = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: "base",
});

/** Status (problems first), then name, then id: a total, stable order. */
export function compareTiles(a: Tile, b: Tile): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    collator.compare(a.service.name, b.service.name) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export interface CardConfig {
  type: string;
  entry_id?: string;
  title?: string;
  columns?: number;
  groups?: string[];
  statuses?: Status[];
}

/** The card's tiles: the chosen entries' services, filtered and ordered. */
export function boardTiles(
  board: Board,
  config: CardConfig,
  states: Record<string, HassEntity | undefined>,
): Tile[] {
  const groups = config.groups?.length ? new Set(config.groups) : undefined;
  const statuses = config.statuses?.length
    ? new Set(config.statuses)
    : undefined;
  const tiles: Tile[] = [];
  for (const entry of shownEntries(board, config)) {
    for (const service of entry.services) {
      // No binary sensor: past Home Assistant's entity cap (no tile to tap).
      if (!service.entities.status) continue;
      if (groups && !groups.has(service.group ?? "")) continue;
      const status = serviceStatus(serviceStates(service, states));
      if (statuses && !statuses.has(status === "unknown" ? "unavailable" : status)) {
        continue;
      }
      tiles.push({ key: `${entry.entry_id}/${service.id}`, entry, service, status });
    }
  }
  return tiles.sort(compareTiles);
}

/** The entries the card shows: the configured one, or every entry. */
export function shownEntries(board: Board, config: CardConfig): BoardEntry[] {
  return config.entry_id
    ? board.entries.filter((entry) => entry.entry_id === config.entry_id)
    : board.entries;
}

/** Every group the entries shown have, sorted (the editor's choices). */
export function boardGroups(board: Board, entryId?: string): string[] {
  const groups = new Set<string>();
  for (const entry of shownEntries(board, { type: "", entry_id: entryId })) {
    for (const service of entry.services) {
      if (service.group) groups.add(service.group);
    }
  }
  return [...groups].sort(collator.compare);
}

/** What the header says for one entry; "" while it is connected. */
export function entryProblem(
  entry: BoardEntry,
  connection: HassEntity | undefined,
): string {
  if (entry.reauth) return "Signed out: re-authenticate";
  if (entry.state === "setup_retry") return "Reconnecting…";
  if (entry.state !== "loaded") return "Not connected";
  if (!connection || connection.state === "on") return "";
  const attempt = Number(connection.attributes.reconnect_attempt ?? 0);
  return attempt > 0 ? `Reconnecting… (attempt ${attempt})` : "Reconnecting…";
}

/**
 * Whether the entry's server is within reach: loaded, and its Connection
 * sensor on (a loaded entry without one counts as connected).
 */
export function entryConnected(
  entry: BoardEntry,
  connection: HassEntity | undefined,
): boolean {
  if (entry.state !== "loaded") return false;
  return !connection || connection.state === "on";
}

/** "12 s ago", "3 min ago", "5 h ago", "2 d ago"; "just now" under a second. */
export function relativeTime(ageMs: number): string {
  const seconds = Math.floor(ageMs / 1000);
  if (seconds < 1) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** "99.9 % up (24 h)" from the Uptime (24 h) sensor; "" without a figure. */
export function formatUptime(state: HassEntity | undefined): string {
  const value = state ? Number.parseFloat(state.state) : Number.NaN;
  if (!Number.isFinite(value)) return "";
  const fixed = value.toFixed(value >= 99 && value < 100 ? 2 : 1);
  const shown = fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
  return `${shown} % up (24 h)`;
}

/** "42 ms", "1.25 s"; "—" when the server has no measurement. */
export function formatResponseTime(ms: unknown): string {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

// Milliseconds per unit Home Assistant may show a duration sensor in (the
// user can change the Response time sensor's unit).
const MS_PER_UNIT: Record<string, number> = {
  "μs": 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** The Response time sensor's state in ms; null without a measurement. */
export function responseTimeMs(state: HassEntity | undefined): number | null {
  if (!state) return null;
  const value = Number.parseFloat(state.state);
  const unit = state.attributes.unit_of_measurement;
  const factor = MS_PER_UNIT[typeof unit === "string" ? unit : "ms"];
  return Number.isFinite(value) && factor !== undefined ? value * factor : null;
}

/** What a tile's clock line says, given "12 s ago" (or null: no time). */
export type AgoFormat = (ago: string | null) => string;

/** "checked 12 s ago": the last check of a service that is available. */
export const checkedAgo: AgoFormat = (ago) =>
  ago === null ? "last check unknown" : `checked ${ago}`;

/** Nothing: the service has no Response time sensor to tell the check time. */
export const noCheckTime: AgoFormat = () => "";

const NBSP = "\u00a0";

/**
 * "Last seen down · 4 min ago": an unavailable service, from what the board
 * last knew of it (the check time is the one of that last check).
 */
export function lastSeenAgo(known: LastKnown | null | undefined): AgoFormat {
  const status = known?.status;
  if (!status) {
    return (ago) => (ago === null ? "no recent check" : `Last checked ${ago}`);
  }
  const word = SERVER_STATUSES.has(status)
    ? STATUS_TEXT[status as Status].toLowerCase()
    : status;
  // On a narrow tile the line wraps after the "·", never inside "21 s ago".
  return (ago) =>
    ago === null ? `Last seen ${word}` : `Last seen ${word} · ${ago.replaceAll(" ", NBSP)}`;
}

/** Everything a tile shows, from its service and its entities' states. */
export interface TileView {
  status: Status;
  /** "42 ms", or "—". */
  responseTime: string;
  /** "99.9 % up (24 h)", or "". */
  uptime: string;
  /** When the service was (last) checked, in ms; null: not known. */
  checkedAt: number | null;
  /** How the clock line says `checkedAt`. */
  ago: AgoFormat;
  /** The tap target's accessible name and tooltip: every figure, in words. */
  label: string;
}

export function tileView(service: BoardService, states: ServiceStates): TileView {
  const status = serviceStatus(states);
  const unavailable = status === "unavailable";
  const responseTime = unavailable
    ? "—"
    : formatResponseTime(responseTimeMs(states.responseTime));
  const uptime = unavailable ? "" : formatUptime(states.uptime);
  let checkedAt: number | null;
  let ago: AgoFormat;
  let lastSeen = "";
  if (unavailable) {
    checkedAt = parseTimestamp(service.last_known?.last_check);
    ago = lastSeenAgo(service.last_known);
    lastSeen = service.last_known?.status ? ago(null).toLowerCase() : "";
  } else if (service.entities.response_time) {
    checkedAt = parseTimestamp(states.responseTime?.attributes.last_check);
    ago = checkedAgo;
  } else {
    checkedAt = null;
    ago = noCheckTime;
  }
  const group = service.group ?? "";
  const label = [
    `${service.name}: ${STATUS_TEXT[status]}`,
    lastSeen,
    responseTime === "—" ? "" : `response time ${responseTime}`,
    uptime,
    group ? `group ${group}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return { status, responseTime, uptime, checkedAt, ago, label };
}

/** A timestamp in ms from an ISO 8601 attribute, or null. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const CONFIG_KEYS = new Set([
  "type",
  "entry_id",
  "title",
  "columns",
  "groups",
  "statuses",
  "grid_options",
  "view_layout",
  "visibility",
]);
export const MAX_COLUMNS = 12;

/** The card's YAML checked: a readable error for the first wrong option. */
export function validateConfig(raw: unknown): CardConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new Error("The card's configuration must be a mapping");
  }
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) throw new Error(`Unknown option '${key}'`);
  }
  const checked: CardConfig = { type: String(config.type ?? "") };
  if (config.entry_id !== undefined) {
    if (typeof config.entry_id !== "string" || !config.entry_id) {
      throw new Error("'entry_id' must be a config entry id (text)");
    }
    checked.entry_id = config.entry_id;
  }
  if (config.title !== undefined) {
    if (typeof config.title !== "string") {
      throw new Error("'title' must be text");
    }
    checked.title = config.title;
  }
  if (config.columns !== undefined && config.columns !== "auto") {
    const columns = config.columns;
    if (
      typeof columns !== "number" ||
      !Number.isInteger(columns) ||
      columns < 1 ||
      columns > MAX_COLUMNS
    ) {
      throw new Error(
        `'columns' must be a whole number from 1 to ${MAX_COLUMNS}, or 'auto'`,
      );
    }
    checked.columns = columns;
  }
  if (config.groups !== undefined) {
    checked.groups = stringList(config.groups, "groups");
  }
  if (config.statuses !== undefined) {
    const statuses = stringList(config.statuses, "statuses");
    for (const status of statuses) {
      if (!FILTERABLE_STATUSES.includes(status as Status)) {
        throw new Error(
          `'statuses' may hold ${FILTERABLE_STATUSES.join(", ")}; not '${status}'`,
        );
      }
    }
    checked.statuses = statuses as Status[];
  }
  return checked;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new Error(`'${name}' must be a list of text values`);
  }
  return value;
}
