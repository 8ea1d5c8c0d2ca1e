/** The status board: its elements, its strategies, its entry in the card picker. */

import { fetchBoard } from "./board";
import { StatusDashboardCard } from "./card";
import { StatusDashboardCardEditor } from "./editor";
import type { HomeAssistant } from "./ha";
import {
  dashboardConfig,
  viewConfig,
  type DashboardConfig,
  type StrategyConfig,
  type ViewConfig,
} from "./strategy";
import { CARD_TAG, EDITOR_TAG, STRATEGY_TYPE, TILE_TAG } from "./tags";
import { StatusDashboardTile } from "./tile";

/** `ll-strategy-dashboard-status-dashboard`, as Home Assistant calls it. */
class StatusDashboardStrategy extends HTMLElement {
  static async generate(
    config: StrategyConfig,
    hass: HomeAssistant,
  ): Promise<DashboardConfig> {
    return dashboardConfig(await fetchBoard(hass), config);
  }
}

/** `ll-strategy-view-status-dashboard`, as Home Assistant calls it. */
class StatusDashboardViewStrategy extends HTMLElement {
  static async generate(
    config: StrategyConfig,
    hass: HomeAssistant,
  ): Promise<ViewConfig> {
    return viewConfig(await fetchBoard(hass), config, hass.states);
  }
}

const ELEMENTS: [string, CustomElementConstructor][] = [
  [TILE_TAG, StatusDashboardTile],
  [CARD_TAG, StatusDashboardCard],
  [EDITOR_TAG, StatusDashboardCardEditor],
  [`ll-strategy-dashboard-${STRATEGY_TYPE}`, StatusDashboardStrategy],
  [`ll-strategy-view-${STRATEGY_TYPE}`, StatusDashboardViewStrategy],
];

// Loaded once per page, but another copy (a manual resource) may come too.
for (const [tag, element] of ELEMENTS) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

const picker = window as unknown as { customCards?: CustomCardEntry[] };
picker.customCards ??= [];
if (!picker.customCards.some((card) => card.type === CARD_TAG)) {
  picker.customCards.push({
    type: CARD_TAG,
    name: "Status board",
    description:
      "Every service of a Status Dashboard server: status, response time, last check; problems first.",
    preview: true,
    documentationURL: "https://github.com/status-dashboard/ha-status-dashboard#the-status-board",
  });
}
