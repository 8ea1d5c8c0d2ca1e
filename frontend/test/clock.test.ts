import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { RelativeClock } from "../src/clock";
import { lastSeenAgo } from "../src/model";

/** Just what the clock touches of an element: its text. */
class FakeText {
  writes = 0;
  private text = "";
  get textContent(): string {
    return this.text;
  }
  set textContent(value: string) {
    this.writes += 1;
    this.text = value;
  }
}

describe("RelativeClock", () => {
  it("writes a text node only when its text changes", () => {
    let now = 100_000;
    const clock = new RelativeClock(() => now);
    const element = new FakeText();
    const asElement = element as unknown as HTMLElement;
    clock.show(asElement, now - 12_000);
    assert.equal(element.textContent, "checked 12 s ago");
    now += 400;
    clock.tick();
    assert.equal(element.writes, 1, "same second: nothing written");
    now += 700;
    clock.tick();
    assert.equal(element.textContent, "checked 13 s ago");
    assert.equal(element.writes, 2);
    clock.show(asElement, null);
    assert.equal(element.textContent, "last check unknown");
    clock.show(asElement, now - 240_000, lastSeenAgo({ status: "down", last_check: null }));
    assert.equal(element.textContent, "Last seen down · 4\u00a0min\u00a0ago");
    now += 60_000;
    clock.tick();
    assert.equal(element.textContent, "Last seen down · 5\u00a0min\u00a0ago");
    clock.show(asElement, null);
    clock.forget(asElement);
    now += 60_000;
    clock.tick();
    assert.equal(element.textContent, "last check unknown", "a forgotten element is left alone");
  });
});
