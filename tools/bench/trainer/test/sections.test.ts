import { describe, expect, it } from "vitest";
import type { CaseSpec } from "../src/case-spec.js";
import { parseOptions } from "../src/options.js";
import type { CaseResult } from "../src/run-case.js";
import { stepOverheadSection } from "../src/sections/step-overhead.js";

/** A stand-in for the measurement processes: ms per step by runner and round. */
function fakeRunCase(msByRunner: Record<string, number[]>) {
  const round = new Map<string, number>();
  return async (spec: CaseSpec): Promise<CaseResult> => {
    if (spec.kind !== "steps") throw new Error(`unexpected case ${spec.kind}`);
    const i = round.get(spec.runner) ?? 0;
    round.set(spec.runner, i + 1);
    const ms = msByRunner[spec.runner]![i]!;
    return { runs: [{ msPerStep: ms, cpuMsPerStep: ms / 2 }], notes: [] };
  };
}

describe("step overhead section", () => {
  it("judges the default plugins against 2 % and all four against 5 % of the hand loop's step", async () => {
    const sizes = { ...parseOptions(["--quick"]).sizes, stepRounds: 3 };
    const rows = await stepOverheadSection("bert-small").run({
      sizes,
      progress: () => {},
      runCase: fakeRunCase({
        hand: [100, 120, 100],
        "trainer-bare": [100.5, 120.5, 100.5],
        "trainer-default": [101, 121, 101],
        "trainer-all": [106, 126, 106],
      }),
    });
    expect(rows.map((r) => r.variant)).toEqual([
      "hand-written tfjs loop",
      "Trainer, no plugins",
      "Trainer, default plugins (default flow + progress)",
      "Trainer, + TensorBoard + early stopping + checkpoint rotation",
    ]);
    expect(rows[0]!.median).toBe("100 ms");
    expect(rows[2]!.versus).toBe("+1.00 ms (+1.0 %)");
    expect(rows[2]!.target).toBe("≤ 2 %: met");
    expect(rows[3]!.target).toBe("≤ 5 %: missed");
    expect(rows[3]!.notes).toContain("CPU 53.00 ms a step, +3.00 ms (+6.0 %) over the hand loop's");
  });

  it("sets no target on the tiny model, where the step is too short for a share to mean much", async () => {
    const ms = [1, 1, 1];
    const rows = await stepOverheadSection("tiny").run({
      sizes: { ...parseOptions(["--quick"]).sizes, stepRounds: 3 },
      progress: () => {},
      runCase: fakeRunCase({ hand: ms, "trainer-bare": ms, "trainer-default": ms, "trainer-all": ms }),
    });
    expect(rows.every((r) => r.target === "")).toBe(true);
  });
});
