/** The card's visual editor: Home Assistant's own form, fed by the board. */

import { html, LitElement, nothing } from "lit";

import { subscribeBoard, type Board } from "./board";
import { fireEvent, type HomeAssistant } from "./ha";
import {
  boardGroups,
  FILTERABLE_STATUSES,
  STATUS_TEXT,
  validateConfig,
  type CardConfig,
} from "./model";

const LABELS: Record<string, string> = {
  entry_id: "Server (every server when empty)",
  title: "Title",
  columns: "Columns (automatic when empty)",
  groups: "Only these groups",
  statuses: "Only these statuses",
};

export class StatusDashboardCardEditor extends LitElement {
  static override properties = {
    hass: { attribute: false },
    config: { state: true },
    board: { state: true },
  };

  declare hass: HomeAssistant | undefined;
  declare config: CardConfig | undefined;
  declare board: Board | undefined;

  private unsubscribe: (() => void) | undefined;

  setConfig(config: unknown): void {
    this.config = validateConfig(config);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected override willUpdate(): void {
    if (this.hass && !this.unsubscribe && this.isConnected) {
      this.unsubscribe = subscribeBoard(this.hass, (board) => {
        this.board = board;
      });
    }
  }

  protected override render() {
    if (!this.hass || !this.config) return nothing;
    const groups = this.board ? boardGroups(this.board, this.config.entry_id) : [];
    const schema = [
      {
        name: "entry_id",
        selector: { config_entry: { integration: "status_dashboard" } },
      },
      { name: "title", selector: { text: {} } },
      {
        name: "columns",
        selector: { number: { min: 1, max: 12, step: 1, mode: "box" } },
      },
      {
        name: "groups",
        selector: {
          select: { multiple: true, options: groups, custom_value: true },
        },
      },
      {
        name: "statuses",
        selector: {
          select: {
            multiple: true,
            options: FILTERABLE_STATUSES.map((status) => ({
              value: status,
              label: STATUS_TEXT[status],
            })),
          },
        },
      },
    ];
    return html`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${schema}
      .computeLabel=${(field: { name: string }) => LABELS[field.name] ?? field.name}
      @value-changed=${this.changed}
    ></ha-form>`;
  }

  private changed(event: CustomEvent<{ value: Record<string, unknown> }>): void {
    event.stopPropagation();
    const config: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(event.detail.value)) {
      const empty =
        value === undefined ||
        value === null ||
        value === "" ||
        (Array.isArray(value) && !value.length);
      if (!empty) config[key] = value;
    }
    this.config = validateConfig(config);
    fireEvent(this, "config-changed", { config });
  }
}
