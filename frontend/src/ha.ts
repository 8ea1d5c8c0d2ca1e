/** The parts of Home Assistant's frontend `hass` object the board uses. */

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
}

export interface MessageBase {
  type: string;
  [key: string]: unknown;
}

export interface Connection {
  subscribeMessage<T>(
    callback: (message: T) => void,
    message: MessageBase,
  ): Promise<() => Promise<void>>;
}

export interface HomeAssistant {
  states: Record<string, HassEntity | undefined>;
  connection: Connection;
  callWS<T>(message: MessageBase): Promise<T>;
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
  ): Promise<unknown>;
  locale?: { language: string };
}

/** What Home Assistant's card and strategy containers expect. */
export interface LovelaceCardConfig {
  type: string;
  [key: string]: unknown;
}

/** Fires an event the way Home Assistant's `fireEvent` helper does. */
export function fireEvent(
  node: EventTarget,
  type: string,
  detail: Record<string, unknown> = {},
): void {
  node.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true }),
  );
}
