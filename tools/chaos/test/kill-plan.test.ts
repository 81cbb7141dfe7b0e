import { describe, expect, it } from "vitest";
import type { ChildEvent } from "../src/events.js";
import { planKills, windowsBetween } from "../src/kill-plan.js";
import type { TimedEvent } from "../src/spawn-run.js";

/** A run of 4 steps with saves at 2 and 4; rotation deletes a checkpoint only at 4. */
const timeline: TimedEvent[] = (
  [
    [1000, { type: "ready" }],
    [1100, { type: "step", step: 1, tensors: 18 }],
    [1200, { type: "step", step: 2, tensors: 18 }],
    [1210, { type: "save-begin", step: 2 }],
    [1240, { type: "saved", step: 2, checkpoints: 1 }],
    [1242, { type: "save-end", step: 2, checkpoints: 1, best: "/o/checkpoint-2" }],
    [1300, { type: "step", step: 3, tensors: 18 }],
    [1400, { type: "step", step: 4, tensors: 18 }],
    [1410, { type: "save-begin", step: 4 }],
    [1450, { type: "saved", step: 4, checkpoints: 3 }],
    [1455, { type: "save-end", step: 4, checkpoints: 2, best: "/o/checkpoint-2" }],
    [1500, { type: "done" }],
  ] as [number, ChildEvent][]
).map(([at, event]) => ({ at, event }));

const at = (name: string) =>
  timeline.find((e) => `${e.event.type}${"step" in e.event ? ` ${e.event.step}` : ""}` === name)!.at;

describe("planKills", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(planKills(timeline, 20, 1)).toEqual(planKills(timeline, 20, 1));
    expect(planKills(timeline, 20, 2)).not.toEqual(planKills(timeline, 20, 1));
  });

  it("aims 45% of kills inside checkpoint writes and 15% inside rotations that delete, each within its window", () => {
    const plans = planKills(timeline, 20, 7);
    const writing = plans.filter((p) => p.aim === "writing");
    const rotating = plans.filter((p) => p.aim === "rotating");
    expect([writing.length, rotating.length]).toEqual([9, 3]);
    for (const p of writing) {
      expect(p.anchor).toMatch(/^save-begin [24]$/);
      expect(p.delayMs).toBeLessThan(at(p.anchor.replace("save-begin", "saved")) - at(p.anchor));
    }
    for (const p of rotating) {
      expect(p.anchor).toBe("saved 4");
      expect(p.delayMs).toBeLessThan(5);
    }
  });

  it("anchors a kill of any moment to the last event before it, between the start and the last step", () => {
    const plans = planKills(timeline, 40, 3, "anytime");
    expect(plans.every((p) => p.aim === "anytime")).toBe(true);
    for (const p of plans) {
      const moment = at(p.anchor) + p.delayMs;
      expect(moment).toBeGreaterThanOrEqual(1000);
      expect(moment).toBeLessThanOrEqual(1400);
      const next = timeline.find((e) => e.at > at(p.anchor))!;
      expect(moment).toBeLessThanOrEqual(next.at);
    }
  });

  it("refuses a reference without a save", () => {
    const noSave = timeline.filter((e) => !e.event.type.startsWith("save"));
    expect(() => planKills(noSave, 4, 1)).toThrow(/saved no checkpoint: use --steps 2 or more/);
  });

  it("pairs each save-begin with the saved of its step", () => {
    expect(windowsBetween(timeline, "save-begin", "saved").map((w) => [w.begin.at, w.end.at])).toEqual([
      [1210, 1240],
      [1410, 1450],
    ]);
  });
});
