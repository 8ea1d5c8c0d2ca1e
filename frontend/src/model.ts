/**
 * What the card shows, without the DOM: a service's status from its entity,
 * the order and filters of the tiles, relative times, the card's options.
 */

import type { Board, BoardEntry, BoardService } from "./board";
import type { HassEntity } from "./ha";

export type Status = "down" | "degraded" | "unavailable" | "unknown" | "up";

/** Problems first: down, then degraded, then unavailable; up last. */
export const STATUS_ORDER: readonly Status[] = [
  "down",
  "degraded",
  "unavailable",
  "unknown",
  "up",
];
export const FILTERABLE_STATUSES: readonly Status[] = [
  "up",
  "degraded",
  "down",
  "unavailable",
];

export const STATUS_TEXT: Record<Status, string> = {
  up: "Up",
  degraded: "Degraded",
  down: "Down",
  unavailable: "Unavailable",
  unknown: "Unknown",
};

/** A service's status from its binary sensor (the `status` attribute). */
export function serviceStatus(state: HassEntity | undefined): Status {
  if (!state || state.state === "unavailable") return "unavailable";
  const status = state.attributes.status;
  if (status === "up" || status === "degraded" || status === "down") {
    return status;
  }
  if (state.state === "on") return "up";
  if (state.state === "off") return "down";
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
      const entityId = service.entities.status;
      if (!entityId) continue;
      if (groups && !groups.has(service.group ?? "")) continue;
      const status = serviceStatus(states[entityId]);
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
