import { describe, expect, it } from "vitest";
import { getScheduler, type LRScheduler, SCHEDULER_NAMES } from "../../src/optim/index.js";
import { groupsOnlyOptimizer } from "./helpers.js";

/** lr of the first group at creation and after each of `steps` steps. */
function run(scheduler: LRScheduler, steps: number): number[] {
  const lrs = [scheduler.getLastLr()[0]];
  for (let i = 0; i < steps; i++) {
    scheduler.step();
    lrs.push(scheduler.getLastLr()[0]);
  }
  return lrs;
}

describe("getScheduler: names and options", () => {
  it("rejects an unknown name, listing the known ones", () => {
    expect(() => getScheduler("cosine_annealing", groupsOnlyOptimizer([1]), {})).toThrow(
      /unknown lr scheduler 'cosine_annealing'.*linear, cosine/,
    );
  });

  it("names the scheduler and the missing step count", () => {
    const optimizer = groupsOnlyOptimizer([1]);
    expect(() => getScheduler("linear", optimizer, { numTrainingSteps: 10 })).toThrow(
      "linear requires numWarmupSteps",
    );
    expect(() => getScheduler("cosine", optimizer, { numWarmupSteps: 0 })).toThrow(
      "cosine requires numTrainingSteps",
    );
    expect(() => getScheduler("linear", optimizer, { numWarmupSteps: 1.5, numTrainingSteps: 10 })).toThrow(
      /numWarmupSteps must be an integer/,
    );
  });

  it("rejects an option the schedule does not take, naming both", () => {
    expect(() =>
      getScheduler("cosine", groupsOnlyOptimizer([1]), {
        numWarmupSteps: 0,
        numTrainingSteps: 10,
        kwargs: { num_cycle: 2 },
      }),
    ).toThrow("cosine: unknown scheduler option 'num_cycle' (it takes num_cycles)");
    expect(() =>
      getScheduler("linear", groupsOnlyOptimizer([1]), {
        numWarmupSteps: 0,
        numTrainingSteps: 10,
        kwargs: { power: 2 },
      }),
    ).toThrow("linear: unknown scheduler option 'power' (it takes none)");
  });

  it("rejects an option of the wrong type", () => {
    expect(() =>
      getScheduler("polynomial", groupsOnlyOptimizer([1]), {
        numWarmupSteps: 0,
        numTrainingSteps: 10,
        kwargs: { power: "2" },
      }),
    ).toThrow("polynomial: option 'power' must be a finite number");
  });

  it("constant ignores warmup and kwargs, as HF does", () => {
    const scheduler = getScheduler("constant", groupsOnlyOptimizer([0.5]), { kwargs: { anything: 1 } });
    expect(run(scheduler, 3)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("every listed name can be created with the options it needs", () => {
    const kwargsFor: Record<string, Record<string, unknown>> = {
      cosine_with_min_lr: { min_lr_rate: 0.1 },
      cosine_warmup_with_min_lr: { min_lr_rate: 0.1 },
      warmup_stable_decay: { num_decay_steps: 2 },
    };
    for (const name of SCHEDULER_NAMES) {
      const scheduler = getScheduler(name, groupsOnlyOptimizer([1, 1]), {
        numWarmupSteps: 2,
        numTrainingSteps: 10,
        kwargs: kwargsFor[name] ?? {},
      });
      expect(scheduler.name).toBe(name);
      expect(scheduler.getLastLr()).toHaveLength(2);
    }
  });
});

describe("getScheduler: HF's edge cases", () => {
  it("linear and cosine stay at 0 past the last training step", () => {
    const linear = getScheduler("linear", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 0,
      numTrainingSteps: 4,
    });
    expect(run(linear, 6)).toEqual([1, 0.75, 0.5, 0.25, 0, 0, 0]);
    const cosine = getScheduler("cosine", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 0,
      numTrainingSteps: 2,
    });
    const lrs = run(cosine, 4);
    expect(lrs[2]).toBeCloseTo(0, 15);
    expect(lrs[3]).toBeGreaterThanOrEqual(0);
  });

  it("each group is scaled from its own initial lr", () => {
    const optimizer = groupsOnlyOptimizer([2, 0.5]);
    const scheduler = getScheduler("linear", optimizer, { numWarmupSteps: 2, numTrainingSteps: 4 });
    expect(scheduler.getLastLr()).toEqual([0, 0]);
    scheduler.step();
    expect(scheduler.getLastLr()).toEqual([1, 0.25]);
    expect(optimizer.paramGroups.map((g) => g.lr)).toEqual([1, 0.25]);
  });

  it("polynomial refuses an lr_end not below the initial lr, and holds lr_end past the end", () => {
    const optimizer = groupsOnlyOptimizer([0.1]);
    expect(() =>
      getScheduler("polynomial", optimizer, {
        numWarmupSteps: 0,
        numTrainingSteps: 4,
        kwargs: { lr_end: 0.1 },
      }),
    ).toThrow("polynomial: lr_end (0.1) must be smaller than the initial lr (0.1)");
    const scheduler = getScheduler("polynomial", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 0,
      numTrainingSteps: 2,
      kwargs: { lr_end: 0.2, power: 1 },
    });
    const expected = [1, 0.6, 0.2, 0.2, 0.2];
    run(scheduler, 4).forEach((lr, i) => {
      expect(lr).toBeCloseTo(expected[i], 15);
    });
  });

  it("inverse_sqrt's timescale defaults to the warmup, or 10 000 without warmup", () => {
    const withWarmup = getScheduler("inverse_sqrt", groupsOnlyOptimizer([1]), { numWarmupSteps: 4 });
    expect(run(withWarmup, 12)[12]).toBeCloseTo(1 / Math.sqrt(12 / 4), 15);
    const noWarmup = getScheduler("inverse_sqrt", groupsOnlyOptimizer([1]), { numWarmupSteps: 0 });
    expect(noWarmup.getLastLr()[0]).toBe(1);
    noWarmup.step();
    expect(noWarmup.getLastLr()[0]).toBeCloseTo(1 / Math.sqrt(10_001 / 10_000), 15);
    const custom = getScheduler("inverse_sqrt", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 0,
      kwargs: { timescale: 1 },
    });
    expect(run(custom, 3)[3]).toBeCloseTo(1 / Math.sqrt(4), 15);
  });

  it("cosine_with_min_lr takes min_lr over the optimizer's lr, and exactly one of min_lr / min_lr_rate", () => {
    const make = (kwargs: Record<string, unknown>) =>
      getScheduler("cosine_with_min_lr", groupsOnlyOptimizer([2]), {
        numWarmupSteps: 0,
        numTrainingSteps: 4,
        kwargs,
      });
    expect(run(make({ min_lr: 0.5 }), 4)[4]).toBeCloseTo(0.5, 15);
    expect(() => make({})).toThrow(
      "cosine_with_min_lr: one of the options min_lr and min_lr_rate is required",
    );
    expect(() => make({ min_lr: 0.5, min_lr_rate: 0.1 })).toThrow("give only one of min_lr and min_lr_rate");
  });

  it("cosine_warmup_with_min_lr starts its warmup above 0 and reaches the minimum on the last step", () => {
    const scheduler = getScheduler("cosine_warmup_with_min_lr", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 4,
      numTrainingSteps: 10,
      kwargs: { min_lr_rate: 0.1 },
    });
    const lrs = run(scheduler, 9);
    expect(lrs.slice(0, 4)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(lrs[9]).toBeCloseTo(0.1, 15);
    const withRate = getScheduler("cosine_warmup_with_min_lr", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 5,
      numTrainingSteps: 10,
      kwargs: { min_lr: 0, warmup_lr_rate: 0.2 },
    });
    expect(run(withRate, 4)).toEqual([0.2, 0.4, 0.6000000000000001, 0.8, 1]);
  });

  it("warmup_stable_decay: cosine decay by default, stable length from the total, min_lr_ratio at the end", () => {
    const scheduler = getScheduler("warmup_stable_decay", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 2,
      numTrainingSteps: 10,
      kwargs: { num_decay_steps: 4, min_lr_ratio: 0.1 },
    });
    const lrs = run(scheduler, 11);
    expect(lrs.slice(0, 3)).toEqual([0.1, 0.55, 1]);
    expect(lrs.slice(2, 6)).toEqual([1, 1, 1, 1]);
    expect(lrs[7]).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * 1) / 4)), 15);
    expect(lrs[10]).toBe(0.1);
    expect(lrs[11]).toBe(0.1);
  });

  it("warmup_stable_decay: linear / 1-sqrt shapes, and the options it requires", () => {
    const scheduler = getScheduler("warmup_stable_decay", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 4,
      kwargs: { num_decay_steps: 4, num_stable_steps: 0, warmup_type: "1-sqrt", decay_type: "linear" },
    });
    const lrs = run(scheduler, 8);
    expect(lrs[1]).toBeCloseTo(1 - Math.sqrt(0.75), 15);
    expect(lrs.slice(4)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    const optimizer = groupsOnlyOptimizer([1]);
    expect(() =>
      getScheduler("warmup_stable_decay", optimizer, { numWarmupSteps: 0, numTrainingSteps: 4 }),
    ).toThrow("warmup_stable_decay: option 'num_decay_steps' is required");
    expect(() =>
      getScheduler("warmup_stable_decay", optimizer, { numWarmupSteps: 0, kwargs: { num_decay_steps: 2 } }),
    ).toThrow("warmup_stable_decay requires numTrainingSteps or the option num_stable_steps");
    expect(() =>
      getScheduler("warmup_stable_decay", optimizer, {
        numWarmupSteps: 0,
        numTrainingSteps: 4,
        kwargs: { num_decay_steps: 2, decay_type: "exp" },
      }),
    ).toThrow("warmup_stable_decay: option 'decay_type' must be one of 'linear', 'cosine', '1-sqrt'");
  });
});

describe("LambdaLR state", () => {
  it("a restored scheduler continues exactly where the saved one was", () => {
    const options = { numWarmupSteps: 3, numTrainingSteps: 20, kwargs: { num_cycles: 2 } };
    const original = getScheduler("cosine_with_restarts", groupsOnlyOptimizer([0.3, 0.1]), options);
    run(original, 7);
    const saved = JSON.parse(JSON.stringify(original.stateDict()));

    const optimizer = groupsOnlyOptimizer([0.3, 0.1]);
    const restored = getScheduler("cosine_with_restarts", optimizer, options);
    restored.loadStateDict(saved);
    expect(restored.getLastLr()).toEqual(original.getLastLr());
    expect(optimizer.paramGroups.map((g) => g.lr)).toEqual(original.getLastLr());
    for (let i = 0; i < 15; i++) {
      original.step();
      restored.step();
      expect(restored.getLastLr()).toEqual(original.getLastLr());
    }
    expect(restored.stateDict()).toEqual(original.stateDict());
  });

  it("refuses the state of another schedule or of another group count", () => {
    const linear = getScheduler("linear", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 0,
      numTrainingSteps: 5,
    });
    const cosine = getScheduler("cosine", groupsOnlyOptimizer([1]), {
      numWarmupSteps: 0,
      numTrainingSteps: 5,
    });
    expect(() => cosine.loadStateDict(linear.stateDict())).toThrow("the state is of a 'linear' scheduler");
    const twoGroups = getScheduler("linear", groupsOnlyOptimizer([1, 1]), {
      numWarmupSteps: 0,
      numTrainingSteps: 5,
    });
    expect(() => twoGroups.loadStateDict(linear.stateDict())).toThrow(/base_lrs must be a list of 2 numbers/);
  });
});
