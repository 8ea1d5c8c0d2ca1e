/**
 * The integration's board (`status_dashboard/board/subscribe`): each entry's
 * services and which entity plays which part. One websocket subscription per
 * connection, shared by every card on the page.
 */

import type { Connection, HomeAssistant } from "./ha";

/**
 * What was last known of a service, sent only once a lost connection's grace
 * period has run out (its entities are unavailable then, without attributes).
 */
export interface LastKnown {
  status: string | null;
  /** ISO 8601. */
  last_check: string | null;
}

export interface BoardService {
  id: string;
  device_id: string;
  name: string;
  group: string | null;
  entities: {
    /** The binary sensor: up or not; what a tap on the tile opens. */
    status?: string;
    /** The Status sensor: the status as its state. */
    status_sensor?: string;
    /** The Response time sensor: the time as its state, `last_check` attribute. */
    response_time?: string;
    uptime_24h?: string;
    refresh?: string;
  };
  last_known?: LastKnown | null;
}

export interface BoardEntry {
  entry_id: string;
  title: string;
  state: string;
  reauth: boolean;
  grace_period: number;
  entities: { connection?: string; latency?: string; refresh_all?: string };
  services: BoardService[];
}

export interface Board {
  entries: BoardEntry[];
}

export const BOARD_COMMAND = "status_dashboard/board";
export const SUBSCRIBE_BOARD_COMMAND = "status_dashboard/board/subscribe";

type Listener = (board: Board) => void;

interface Subscription {
  listeners: Set<Listener>;
  board?: Board;
  unsubscribe?: Promise<() => Promise<void>>;
}

const subscriptions = new WeakMap<Connection, Subscription>();

/** Calls `listener` with the board now (when known) and on every change. */
export function subscribeBoard(
  hass: HomeAssistant,
  listener: Listener,
): () => void {
  const connection = hass.connection;
  let subscription = subscriptions.get(connection);
  if (!subscription) {
    const created: Subscription = { listeners: new Set() };
    created.unsubscribe = connection.subscribeMessage<Board>(
      (board) => {
        created.board = board;
        for (const each of [...created.listeners]) each(board);
      },
      { type: SUBSCRIBE_BOARD_COMMAND },
    );
    created.unsubscribe.catch(() => subscriptions.delete(connection));
    subscriptions.set(connection, created);
    subscription = created;
  }
  const shared = subscription;
  shared.listeners.add(listener);
  if (shared.board) listener(shared.board);
  return () => {
    shared.listeners.delete(listener);
    if (shared.listeners.size || subscriptions.get(connection) !== shared) {
      return;
    }
    subscriptions.delete(connection);
    shared.unsubscribe
      ?.then((unsubscribe) => unsubscribe())
      .catch(() => undefined);
  };
}

/** The board once (the dashboard strategy builds its views from it). */
export function fetchBoard(hass: HomeAssistant): Promise<Board> {
  return hass.callWS<Board>({ type: BOARD_COMMAND });
}
