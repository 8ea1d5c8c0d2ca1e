/** The names the board's elements and strategies are registered under. */

export const CARD_TAG = "status-dashboard-card";
export const EDITOR_TAG = "status-dashboard-card-editor";
export const TILE_TAG = "status-dashboard-tile";
/** `custom:status-dashboard`: `ll-strategy-dashboard-…` and `ll-strategy-view-…`. */
export const STRATEGY_TYPE = "status-dashboard";
