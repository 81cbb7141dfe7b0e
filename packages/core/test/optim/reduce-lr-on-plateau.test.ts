import { describe, expect, it } from "vitest";
import { getScheduler, type LRScheduler } from "../../src/optim/index.js";
import { groupsOnlyOptimizer } from "./helpers.js";

function plateau(lrs: number[], kwargs: Record<string, unknown>): LRScheduler {
  return getScheduler("reduce_lr_on_plateau", groupsOnlyOptimizer(lrs), { kwargs });
}

/** The first group's lr after each metric. */
function feed(scheduler: LRScheduler, metrics: number[]): number[] {
  return metrics.map((metric) => {
    scheduler.step(metric);
    return scheduler.getLastLr()[0];
  });
}

describe("reduce_lr_on_plateau", () => {
  it("is stepped with a metric, and says so when the metric is missing", () => {
    const scheduler = plateau([1], {});
    expect(scheduler.stepsOnMetric).toBe(true);
    expect(scheduler.getLastLr()).toEqual([1]);
    expect(() => scheduler.step()).toThrow(/needs the evaluation metric/);
  });

  it("reduces after more than `patience` bad evaluations, skips `cooldown` evaluations, stops at min_lr", () => {
    const scheduler = plateau([1], { factor: 0.5, patience: 2, cooldown: 1, min_lr: 0.1 });
    const metrics = [10, 10, 10, 10, 10, 10, 10, 10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];
    const expected = [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.1];
    expect(feed(scheduler, metrics)).toEqual([...expected, 0.1, 0.1, 0.1, 0.1]);
  });

  it("an improvement smaller than the relative threshold does not count", () => {
    const scheduler = plateau([1], { factor: 0.5, patience: 0, threshold: 0.1 });
    // 9.5 is better than 10 but not by 10 %: a bad evaluation, and patience 0 reduces at once.
    expect(feed(scheduler, [10, 9.5, 8.9])).toEqual([1, 0.5, 0.5]);
  });

  it("max mode with an absolute threshold", () => {
    const scheduler = plateau([1], {
      mode: "max",
      threshold_mode: "abs",
      threshold: 0.01,
      patience: 0,
      factor: 0.1,
    });
    const lrs = feed(scheduler, [0.5, 0.505, 0.52]);
    expect(lrs[0]).toBe(1);
    expect(lrs[1]).toBeCloseTo(0.1, 15);
    expect(lrs[2]).toBeCloseTo(0.1, 15);
  });

  it("per-group min_lr, and reductions smaller than eps are skipped", () => {
    const optimizer = groupsOnlyOptimizer([1, 1e-8]);
    const scheduler = getScheduler("reduce_lr_on_plateau", optimizer, {
      kwargs: { patience: 0, factor: 0.5, min_lr: [0.6, 0] },
    });
    scheduler.step(1);
    scheduler.step(2);
    // Group 0 is floored at its min_lr; group 1 would drop by 5e-9 < eps (1e-8), so it stays.
    expect(scheduler.getLastLr()).toEqual([0.6, 1e-8]);
    expect(optimizer.paramGroups.map((g) => g.lr)).toEqual([0.6, 1e-8]);
  });

  it("rejects bad options naming them", () => {
    expect(() => plateau([1], { factor: 1 })).toThrow("reduce_lr_on_plateau: factor must be < 1, got 1");
    expect(() => plateau([1], { mode: "up" })).toThrow(
      "reduce_lr_on_plateau: option 'mode' must be one of 'min', 'max'",
    );
    expect(() => plateau([1, 1], { min_lr: [0] })).toThrow(
      "min_lr has 1 values but the optimizer has 2 groups",
    );
    expect(() => plateau([1], { patience_steps: 3 })).toThrow(
      "reduce_lr_on_plateau: unknown scheduler option 'patience_steps'",
    );
  });

  it("its state survives JSON (best starts at Infinity) and the restored one continues identically", () => {
    const kwargs = { factor: 0.5, patience: 1, cooldown: 2 };
    const fresh = plateau([1], kwargs);
    const freshState = JSON.parse(JSON.stringify(fresh.stateDict()));
    expect(freshState.best).toBe("Infinity");
    const fromFresh = plateau([1], kwargs);
    fromFresh.loadStateDict(freshState);
    expect(feed(fromFresh, [5])).toEqual(feed(fresh, [5]));

    const original = plateau([1], kwargs);
    const metrics = [5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3];
    feed(original, metrics.slice(0, 5));
    const optimizer = groupsOnlyOptimizer([1]);
    const restored = getScheduler("reduce_lr_on_plateau", optimizer, { kwargs });
    restored.loadStateDict(JSON.parse(JSON.stringify(original.stateDict())));
    expect(optimizer.paramGroups[0].lr).toBe(original.getLastLr()[0]);
    expect(feed(restored, metrics.slice(5))).toEqual(feed(original, metrics.slice(5)));
    expect(restored.stateDict()).toEqual(original.stateDict());
  });
});
