/**
 * `custom:status-dashboard-card`: one tile per service of a server entry,
 * problems first, and a header that says when the server is out of reach.
 *
 * Home Assistant hands every card a new `hass` on any state change in the
 * house; this card renders again only when one of its own entities changed,
 * and each tile gets only the state objects of its own service's entities.
 * Refresh and Refresh all are off while the server is out of reach.
 */

import { css, html, LitElement, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";

import { subscribeBoard, type Board } from "./board";
import { fireEvent, type HassEntity, type HomeAssistant } from "./ha";
import { icon, REFRESH_ICON } from "./icons";
import {
  boardTiles,
  entryConnected,
  entryProblem,
  NOT_CONNECTED,
  shownEntries,
  tileEntityIds,
  validateConfig,
  type CardConfig,
} from "./model";
import { CARD_TAG, EDITOR_TAG } from "./tags";
import { REFRESH_EVENT } from "./tile";

const TILE_MIN_WIDTH = "170px";

export class StatusDashboardCard extends LitElement {
  static override properties = {
    board: { state: true },
    config: { state: true },
  };

  declare board: Board | undefined;
  declare config: CardConfig;

  private hassValue: HomeAssistant | undefined;
  private seen = new Map<string, HassEntity | undefined>();
  private unsubscribe: (() => void) | undefined;

  static getConfigElement(): HTMLElement {
    return document.createElement(EDITOR_TAG);
  }

  static getStubConfig(): CardConfig {
    return { type: `custom:${CARD_TAG}` };
  }

  setConfig(config: unknown): void {
    this.config = validateConfig(config);
  }

  get hass(): HomeAssistant | undefined {
    return this.hassValue;
  }

  set hass(hass: HomeAssistant) {
    const first = this.hassValue === undefined;
    this.hassValue = hass;
    if (first) {
      this.subscribe();
      this.requestUpdate();
    } else if (this.ownStatesChanged(hass)) {
      this.requestUpdate();
    }
  }

  getCardSize(): number {
    const tiles = this.board ? this.tiles().length : 1;
    return 1 + Math.ceil(tiles / (this.config?.columns ?? 3)) * 2;
  }

  getGridOptions(): Record<string, number | string> {
    return { columns: "full", min_columns: 6 };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener(REFRESH_EVENT, this.onRefresh);
    this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(REFRESH_EVENT, this.onRefresh);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private subscribe(): void {
    if (this.unsubscribe || !this.hassValue || !this.isConnected) return;
    this.unsubscribe = subscribeBoard(this.hassValue, (board) => {
      this.board = board;
    });
  }

  /** Did any entity the card shows get a new state object? */
  private ownStatesChanged(hass: HomeAssistant): boolean {
    for (const [entityId, state] of this.seen) {
      if (hass.states[entityId] !== state) return true;
    }
    return false;
  }

  private tiles() {
    const board = this.board ?? { entries: [] };
    return boardTiles(board, this.config, this.hassValue?.states ?? {});
  }

  protected override render() {
    const hass = this.hassValue;
    if (!hass || !this.config) return nothing;
    const states = hass.states;
    const seen = new Map<string, HassEntity | undefined>();
    const entries = this.board ? shownEntries(this.board, this.config) : [];
    const problems: string[] = [];
    const connected = new Map<string, boolean>();
    for (const entry of entries) {
      const connectionId = entry.entities.connection;
      const connection = connectionId ? states[connectionId] : undefined;
      if (connectionId) seen.set(connectionId, connection);
      connected.set(entry.entry_id, entryConnected(entry, connection));
      const problem = entryProblem(entry, connection);
      if (problem) {
        problems.push(entries.length > 1 ? `${entry.title}: ${problem}` : problem);
      }
    }
    const tiles = this.tiles();
    for (const entry of entries) {
      for (const service of entry.services) {
        for (const id of tileEntityIds(service)) seen.set(id, states[id]);
      }
    }
    this.seen = seen;
    const columns = this.config.columns
      ? `repeat(${this.config.columns}, minmax(0, 1fr))`
      : `repeat(auto-fill, minmax(${TILE_MIN_WIDTH}, 1fr))`;
    const canRefreshAll = entries.some((entry) => entry.entities.refresh_all);
    const offline = canRefreshAll && !this.reachableRefreshAll().length;
    const state = (id: string | undefined) => (id ? states[id] : undefined);
    return html`<ha-card>
      <div class="header">
        ${this.config.title ? html`<h2 class="title">${this.config.title}</h2>` : nothing}
        <div class="problem" role="status" aria-live="polite">
          ${problems.map((problem) => this.renderProblem(problem))}
        </div>
        <button
          class="refresh-all"
          type="button"
          aria-label="Refresh all services"
          title=${offline ? NOT_CONNECTED : "Refresh all services"}
          ?disabled=${!canRefreshAll}
          aria-disabled=${offline ? "true" : nothing}
          @click=${this.refreshAll}
        >
          ${icon(REFRESH_ICON)}<span>Refresh all</span>
        </button>
      </div>
      ${this.board && !entries.length
        ? html`<p class="empty">No Status Dashboard server${this.config.entry_id ? " with this entry id" : ""}.</p>`
        : nothing}
      <div class="grid" style="grid-template-columns: ${columns}">
        ${repeat(
          tiles,
          (tile) => tile.key,
          (tile) =>
            html`<status-dashboard-tile
              .service=${tile.service}
              .stateObj=${state(tile.service.entities.status)}
              .statusObj=${state(tile.service.entities.status_sensor)}
              .responseTimeObj=${state(tile.service.entities.response_time)}
              .uptimeObj=${state(tile.service.entities.uptime_24h)}
              .connected=${connected.get(tile.entry.entry_id) ?? false}
            ></status-dashboard-tile>`,
        )}
      </div>
    </ha-card>`;
  }

  private renderProblem(problem: string) {
    const reauth = problem.endsWith("re-authenticate");
    return html`<span class="message">
      ${icon(REFRESH_ICON, "problem-icon")}
      ${reauth
        ? html`${problem.slice(0, -"re-authenticate".length)}<a
              href="/config/integrations/integration/status_dashboard"
              >re-authenticate</a
            >`
        : problem}
    </span>`;
  }

  private onRefresh = (event: Event): void => {
    const entityId = (event as CustomEvent<{ entityId: string }>).detail.entityId;
    this.press([entityId]);
  };

  /** The Refresh all buttons of the shown entries whose server is in reach. */
  private reachableRefreshAll(): string[] {
    const entries = this.board ? shownEntries(this.board, this.config) : [];
    const states = this.hassValue?.states ?? {};
    return entries.flatMap((entry) => {
      const button = entry.entities.refresh_all;
      const connection = entry.entities.connection;
      const reachable = entryConnected(entry, connection ? states[connection] : undefined);
      return button && reachable ? [button] : [];
    });
  }

  private refreshAll(): void {
    // Only servers in reach: Home Assistant refuses a press for the others.
    this.press(this.reachableRefreshAll());
  }

  private press(entityIds: string[]): void {
    const hass = this.hassValue;
    if (!hass || !entityIds.length) return;
    hass
      .callService("button", "press", { entity_id: entityIds })
      .catch((error: unknown) => {
        // Home Assistant rejects with {code, message}, not always an Error.
        const message = (error as { message?: string } | null)?.message ?? String(error);
        fireEvent(this, "hass-notification", { message: `Refresh failed: ${message}` });
      });
  }

  static override styles = css`
    ha-card {
      display: block;
      padding: 12px 16px 16px;
    }
    .header {
      display: flex;
      align-items: center;
      gap: 12px;
      min-height: 40px;
      margin-bottom: 8px;
    }
    .title {
      margin: 0;
      font-size: var(--ha-card-header-font-size, 1.4em);
      font-weight: 400;
      color: var(--ha-card-header-color, var(--primary-text-color));
    }
    .problem {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      color: var(--warning-color, #ffa600);
      font-weight: 500;
    }
    .message {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .problem-icon {
      width: 18px;
      height: 18px;
      fill: currentColor;
    }
    .problem a {
      color: var(--primary-color, #03a9f4);
      margin-inline-start: 0.3em;
    }
    .refresh-all {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font: inherit;
      color: var(--primary-color, #03a9f4);
      background: none;
      border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
      border-radius: 18px;
      padding: 4px 12px 4px 8px;
      cursor: pointer;
    }
    .refresh-all[disabled],
    .refresh-all[aria-disabled="true"] {
      color: var(--disabled-text-color, #9e9e9e);
      cursor: default;
    }
    .refresh-all:focus-visible {
      outline: 2px solid var(--primary-color, #03a9f4);
    }
    .icon {
      width: 20px;
      height: 20px;
      fill: currentColor;
    }
    .grid {
      display: grid;
      gap: 8px;
    }
    .empty {
      color: var(--secondary-text-color, #727272);
    }
  `;
}
