/**
 * One service's tile. It gets only its own service and state object, so an
 * update of another service never re-renders it. A status change flashes it
 * once (not with reduced motion); the "checked … ago" text belongs to the
 * shared clock.
 */

import { css, html, LitElement, nothing, type PropertyValues } from "lit";

import type { BoardService } from "./board";
import { clock } from "./clock";
import { fireEvent, type HassEntity } from "./ha";
import { icon, REFRESH_ICON, STATUS_ICONS } from "./icons";
import {
  formatResponseTime,
  formatUptime,
  parseTimestamp,
  serviceStatus,
  STATUS_TEXT,
  type Status,
} from "./model";

/** Fired (bubbling) when the tile's refresh control is pressed. */
export const REFRESH_EVENT = "status-dashboard-refresh";

export class StatusDashboardTile extends LitElement {
  static override properties = {
    service: { attribute: false },
    stateObj: { attribute: false },
    uptimeObj: { attribute: false },
  };

  declare service: BoardService;
  declare stateObj: HassEntity | undefined;
  /** The service's Uptime (24 h) sensor, when the server reports uptime. */
  declare uptimeObj: HassEntity | undefined;

  private shownStatus: Status | undefined;
  private agoElement: HTMLElement | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.agoElement) this.showCheckTime();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.agoElement) clock.forget(this.agoElement);
  }

  protected override render() {
    const service = this.service;
    const status = serviceStatus(this.stateObj);
    const attributes = this.stateObj?.attributes ?? {};
    const responseTime =
      status === "unavailable" ? "—" : formatResponseTime(attributes.response_time);
    const group = service.group ?? "";
    const uptime = status === "unavailable" ? "" : formatUptime(this.uptimeObj);
    const label = [
      `${service.name}: ${STATUS_TEXT[status]}`,
      responseTime === "—" ? "" : `response time ${responseTime}`,
      uptime,
      group ? `group ${group}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    return html`<div class="tile ${status}" data-status=${status}>
      <button
        class="main"
        type="button"
        aria-label=${label}
        title=${label}
        @click=${this.openMoreInfo}
      >
        <span class="top">
          ${icon(STATUS_ICONS[status], "status-icon")}
          <span class="name">${service.name}</span>
        </span>
        <span class="line">
          <span class="status-text">${STATUS_TEXT[status]}</span>
          <span class="response-time">${responseTime}</span>
        </span>
        <span class="ago" data-clock></span>
        ${uptime ? html`<span class="uptime">${uptime}</span>` : nothing}
        <span class="group">${group}</span>
      </button>
      <button
        class="refresh"
        type="button"
        aria-label="Refresh ${service.name}"
        title="Refresh ${service.name}"
        ?disabled=${!service.entities.refresh}
        @click=${this.refresh}
      >
        ${icon(REFRESH_ICON)}
      </button>
    </div>`;
  }

  protected override firstUpdated(): void {
    this.agoElement = this.renderRoot.querySelector<HTMLElement>(".ago");
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("stateObj")) this.showCheckTime();
    const status = serviceStatus(this.stateObj);
    if (this.shownStatus !== undefined && status !== this.shownStatus) {
      this.flash();
    }
    this.shownStatus = status;
  }

  private showCheckTime(): void {
    if (!this.agoElement) return;
    const at =
      serviceStatus(this.stateObj) === "unavailable"
        ? null
        : parseTimestamp(this.stateObj?.attributes.last_check);
    clock.show(this.agoElement, at);
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
    if (entityId) fireEvent(this, REFRESH_EVENT, { entityId });
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
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
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
    .icon {
      width: 24px;
      height: 24px;
      fill: currentColor;
    }
  `;
}
