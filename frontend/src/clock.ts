/**
 * One timer for every "checked 12 s ago" on the page: it rewrites only those
 * text nodes, and only when their text changes, so nothing else re-renders.
 */

import { checkedAgo, relativeTime, type AgoFormat } from "./model";

const TICK_MS = 1000;

interface Shown {
  at: number | null;
  format: AgoFormat;
  text: string;
}

export class RelativeClock {
  private readonly shown = new Map<HTMLElement, Shown>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Show `at` (ms since the epoch; null: unknown) in `element`, worded by
   * `format` ("checked 12 s ago" unless told otherwise).
   */
  show(element: HTMLElement, at: number | null, format: AgoFormat = checkedAgo): void {
    const shown = this.shown.get(element) ?? { at, format, text: "" };
    shown.at = at;
    shown.format = format;
    this.shown.set(element, shown);
    this.write(element, shown, this.now());
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
    }
  }

  /** Stop updating `element` (its tile left the page). */
  forget(element: HTMLElement): void {
    this.shown.delete(element);
    if (!this.shown.size && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Rewrite every element whose text is out of date. */
  tick(): void {
    const now = this.now();
    for (const [element, shown] of this.shown) this.write(element, shown, now);
  }

  private write(element: HTMLElement, shown: Shown, now: number): void {
    const text = shown.format(shown.at === null ? null : relativeTime(now - shown.at));
    if (text !== shown.text) {
      shown.text = text;
      element.textContent = text;
    }
  }
}

export const clock = new RelativeClock();
