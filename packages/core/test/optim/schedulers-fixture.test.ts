import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getScheduler } from "../../src/optim/index.js";
import { groupsOnlyOptimizer, maxAbsDifference } from "./helpers.js";

/** What HF's get_scheduler produced (see fixtures/hf-reference/README.md): the lr before each optimizer step. */
interface SchedulerFixture {
  base_lr: number;
  num_warmup_steps: number;
  num_training_steps: number;
  types: Record<string, { kwargs: Record<string, unknown>; lr: number[] }>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../../../../fixtures/hf-reference/schedulers.json", import.meta.url), "utf8"),
) as SchedulerFixture;

/** The lr each step uses: the one set at creation, then after each scheduler step. */
function lrSequence(type: string, kwargs: Record<string, unknown>, length: number): number[] {
  const optimizer = groupsOnlyOptimizer([fixture.base_lr]);
  const scheduler = getScheduler(type, optimizer, {
    numWarmupSteps: fixture.num_warmup_steps,
    numTrainingSteps: fixture.num_training_steps,
    kwargs,
  });
  const lrs: number[] = [];
  for (let i = 0; i < length; i++) {
    if (i > 0) scheduler.step();
    expect(scheduler.getLastLr()).toEqual([optimizer.paramGroups[0].lr]);
    lrs.push(optimizer.paramGroups[0].lr);
  }
  return lrs;
}

describe("schedules against HF's get_scheduler", () => {
  it("the fixture has schedules to compare", () => {
    expect(Object.keys(fixture.types).length).toBeGreaterThan(0);
  });

  for (const [type, { kwargs, lr }] of Object.entries(fixture.types)) {
    it(`${type} ${JSON.stringify(kwargs)} matches within 1e-9`, () => {
      const actual = lrSequence(type, kwargs, lr.length);
      expect(maxAbsDifference(actual, lr)).toBeLessThanOrEqual(1e-9);
    });
  }
});
