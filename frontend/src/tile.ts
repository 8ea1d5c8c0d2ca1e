/**
 * One service's tile. It gets only its own service and the state objects of
 * its own entities, so an update of another service never re-renders it: the
 * status from the Status sensor (the binary sensor's on/off without one), the
 * response time and check time from the Response time sensor, the uptime from
 * the Uptime (24 h) sensor; a tap opens the binary sensor. A status change
 * flashes it once (not with reduced motion); the "checked … ago" text belongs
 * to the shared clock.
 */

import { css, html, LitElement, nothing } from "lit";

import type { BoardService } from "./board";
import { clock } from "./clock";
import { fireEvent, type HassEntity } from "./ha";
import { icon, REFRESH_ICON, STATUS_ICONS } from "./icons";
import { NOT_CONNECTED, STATUS_TEXT, tileView, type Status, type TileView } from "./model";

/** Fired (bubbling) when the tile's refresh control is pressed. */
export const REFRESH_EVENT = "status-dashboard-refresh";

export class StatusDashboardTile extends LitElement {
  static override properties = {
    service: { attribute: false },
    stateObj: { attribute: false },
    statusObj: { attribute: false },
    responseTimeObj: { attribute: false },
    uptimeObj: { attribute: false },
    connected: { attribute: false },
  };

  declare service: BoardService;
  /** The service's binary sensor (up or not): what a tap opens. */
  declare stateObj: HassEntity | undefined;
  /** The service's Status sensor, unless it was turned off. */
  declare statusObj: HassEntity | undefined;
  /** The service's Response time sensor (with the check time). */
  declare responseTimeObj: HassEntity | undefined;
  /** The service's Uptime (24 h) sensor, when the server reports uptime. */
  declare uptimeObj: HassEntity | undefined;
  /** Whether its server is within reach (refresh is off otherwise). */
  declare connected: boolean;

  private view: TileView | undefined;
  private shownStatus: Status | undefined;
  private agoElement: HTMLElement | null = null;

  constructor() {
    super();
    this.connected = true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.agoElement) this.showCheckTime();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.agoElement) clock.forget(this.agoElement);
  }

  protected override willUpdate(): void {
    this.view = tileView(this.service, {
      binary: this.stateObj,
      status: this.statusObj,
      responseTime: this.responseTimeObj,
      uptime: this.uptimeObj,
    });
  }

  protected override render() {
    const service = this.service;
    const view = this.view;
    if (!view) return nothing;
    const status = view.status;
    const canRefresh = Boolean(service.entities.refresh);
    const offline = canRefresh && !this.connected;
    return html`<div class="tile ${status}" data-status=${status}>
      <button
        class="main"
        type="button"
        aria-label=${view.label}
        title=${view.label}
        @click=${this.openMoreInfo}
      >
        <span class="top">
          ${icon(STATUS_ICONS[status], "status-icon")}
          <span class="name">${service.name}</span>
        </span>
        <span class="line">
          <span class="status-text">${STATUS_TEXT[status]}</span>
          <span class="response-time">${view.responseTime}</span>
        </span>
        <span class="ago" data-clock></span>
        ${view.uptime ? html`<span class="uptime">${view.uptime}</span>` : nothing}
        <span class="group">${service.group ?? ""}</span>
      </button>
      <button
        class="refresh"
        type="button"
        aria-label="Refresh ${service.name}"
        title=${offline ? NOT_CONNECTED : `Refresh ${service.name}`}
        ?disabled=${!canRefresh}
        aria-disabled=${offline ? "true" : nothing}
        @click=${this.refresh}
      >
        ${icon(REFRESH_ICON)}
      </button>
    </div>`;
  }

  protected override firstUpdated(): void {
    this.agoElement = this.renderRoot.querySelector<HTMLElement>(".ago");
  }

  protected override updated(): void {
    // Every update is one of this tile's own: its entities or its service.
    this.showCheckTime();
    const status = this.view?.status;
    if (this.shownStatus !== undefined && status !== this.shownStatus) {
      this.flash();
    }
    this.shownStatus = status;
  }

  private showCheckTime(): void {
    if (!this.agoElement || !this.view) return;
    clock.show(this.agoElement, this.view.checkedAt, this.view.ago);
  }

  private flash(): void {
    const tile = this.renderRoot.querySelector<HTMLElement>(".tile");
    if (!tile) return;
    tile.classList.remove("flash");
    void tile.offsetWidth; // restart the animation if it is still running
    tile.classList.add("flash");
    tile.addEventListener("animationend", () => tile.classList.remove("flash"), {
      once: true,
    });
  }

  private openMoreInfo(): void {
    const entityId = this.service.entities.status;
    if (entityId) fireEvent(this, "hass-more-info", { entityId });
  }

  private refresh(event: Event): void {
    event.stopPropagation();
    const entityId = this.service.entities.refresh;
    // Off while the server is out of reach: Home Assistant would refuse it.
    if (entityId && this.connected) fireEvent(this, REFRESH_EVENT, { entityId });
  }

  static override styles = css`
    :host {
      display: block;
      min-width: 0;
    }
    .tile {
      --tile-color: var(--disabled-text-color, #9e9e9e);
      position: relative;
      display: flex;
      height: 100%;
      box-sizing: border-box;
      border-radius: 8px;
      border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
      border-inline-start: 6px solid var(--tile-color);
      background: var(--secondary-background-color, #f5f5f5);
      color: var(--primary-text-color, #212121);
      contain: layout paint;
    }
    .tile.up {
      --tile-color: var(--success-color, #43a047);
    }
    .tile.degraded {
      --tile-color: var(--warning-color, #ffa600);
    }
    .tile.down {
      --tile-color: var(--error-color, #db4437);
    }
    .tile.maintenance,
    .tile.paused,
    .tile.pending {
      --tile-color: var(--info-color, #039be5);
    }
    .tile.unavailable,
    .tile.unknown {
      color: var(--disabled-text-color, #9e9e9e);
      filter: grayscale(1);
    }
    .tile.flash {
      animation: status-flash 1.2s ease-out 1;
    }
    @keyframes status-flash {
      from {
        box-shadow: 0 0 0 4px var(--tile-color);
      }
      to {
        box-shadow: 0 0 0 0 transparent;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .tile.flash {
        animation: none;
      }
    }
    button {
      font: inherit;
      color: inherit;
      background: none;
      border: 0;
      margin: 0;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--primary-color, #03a9f4);
      outline-offset: -2px;
      border-radius: 8px;
    }
    .main {
      flex: 1;
      min-width: 0;
      display: grid;
      gap: 2px;
      padding: 10px 4px 10px 10px;
      text-align: start;
    }
    .top {
      display: flex;
      align-items: center;
      gap: 6px;
      min-width: 0;
    }
    .status-icon {
      flex: none;
      width: 22px;
      height: 22px;
      fill: var(--tile-color);
    }
    .name {
      font-weight: 500;
      /* A long name wraps to two lines, then ends in an ellipsis; the tile's
         tooltip and accessible name have all of it. */
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      line-clamp: 2;
      overflow: hidden;
      overflow-wrap: anywhere;
      line-height: 1.25;
    }
    .status-text {
      font-weight: 500;
      color: var(--tile-color);
    }
    .tile.unavailable .status-text,
    .tile.unknown .status-text {
      color: inherit;
    }
    .response-time,
    .ago,
    .uptime,
    .group {
      font-size: 0.85em;
      color: var(--secondary-text-color, #727272);
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      font-variant-numeric: tabular-nums;
    }
    .ago {
      /* "Last seen degraded · 12 min ago" may need two lines. */
      white-space: normal;
    }
    .ago:empty::before {
      content: "\\00a0";
    }
    .tile.unavailable .response-time,
    .tile.unavailable .ago,
    .tile.unavailable .uptime,
    .tile.unavailable .group {
      color: inherit;
    }
    .line {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 8px;
      min-width: 0;
    }
    .group:empty::before {
      content: "\\00a0";
    }
    .refresh {
      flex: none;
      align-self: flex-start;
      width: 40px;
      height: 40px;
      padding: 8px;
      color: var(--secondary-text-color, #727272);
      border-radius: 50%;
    }
    .refresh:hover {
      color: var(--primary-color, #03a9f4);
    }
    .refresh[disabled] {
      visibility: hidden;
    }
    .refresh[aria-disabled="true"] {
      color: var(--disabled-text-color, #9e9e9e);
      opacity: 0.6;
      cursor: default;
    }
    .icon {
      width: 24px;
      height: 24px;
      fill: currentColor;
    }
  `;
}
