// The crash suite of tools/chaos at small size: its child process is the built tools/chaos/dist/child.js.
import { describe, expect, it } from "vitest";
import { formatTrial } from "../../tools/chaos/src/report.js";
import { runChaos } from "../../tools/chaos/src/run-chaos.js";

const TRIALS = 4;

describe("crash suite: runs killed with SIGKILL at seeded moments", () => {
  it("leave a loadable newest checkpoint and resume to the uninterrupted run's weights, logs and optimizer", async () => {
    const report = await runChaos({ trials: TRIALS, seed: 1, spec: { model: "tiny", steps: 8 } });
    // 4 saves, and the best is an older checkpoint for some of them: rotation must keep it beside the newest
    expect(report.reference.saves).toBe(4);
    expect(report.reference.savesWithOlderBest).toBeGreaterThan(0);
    expect(report.trials.map((t) => t.plan.aim).sort()).toEqual([
      "anytime",
      "rotating",
      "writing",
      "writing",
    ]);
    const lines = report.trials.map((t) => formatTrial(t, TRIALS)).join("\n");
    // a kill aimed late in a save can miss a run that goes faster than the reference; most must hit
    expect(report.trials.filter((t) => t.phase !== "not killed").length, lines).toBeGreaterThanOrEqual(
      TRIALS / 2,
    );
    for (const trial of report.trials) expect(trial.problems, lines).toEqual([]);
    expect(report.failed).toBe(0);
  });
});
