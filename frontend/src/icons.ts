/** The Material Design icons the board draws, as SVG paths (themeable). */

import {
  mdiAlertCircle,
  mdiCheckCircle,
  mdiCloseCircle,
  mdiHelpCircle,
  mdiLanDisconnect,
  mdiPauseCircle,
  mdiProgressClock,
  mdiProgressWrench,
  mdiRefresh,
} from "@mdi/js";
import { html, type TemplateResult } from "lit";

import type { Status } from "./model";

export const STATUS_ICONS: Record<Status, string> = {
  up: mdiCheckCircle,
  degraded: mdiAlertCircle,
  down: mdiCloseCircle,
  maintenance: mdiProgressWrench,
  paused: mdiPauseCircle,
  pending: mdiProgressClock,
  unavailable: mdiLanDisconnect,
  unknown: mdiHelpCircle,
};
export const REFRESH_ICON = mdiRefresh;

/** A 24×24 icon in the current text colour, hidden from screen readers. */
export function icon(path: string, className = "icon"): TemplateResult {
  return html`<svg class=${className} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${path}></path></svg>`;
}
