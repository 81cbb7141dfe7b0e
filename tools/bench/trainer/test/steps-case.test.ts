import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { StepRunner } from "../src/case-spec.js";
import { runStepsCase } from "../src/cases/steps.js";
import { type CaseEvent, parseCaseEvent } from "../src/protocol.js";

/** Runs a steps case in this process and returns the events it printed. */
async function eventsOf(runner: StepRunner): Promise<CaseEvent[]> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(...String(chunk).split("\n"));
    return true;
  });
  try {
    await runStepsCase({ kind: "steps", workload: "tiny", runner, warmupMs: 0, warmup: 1, steps: 2 });
  } finally {
    write.mockRestore();
  }
  return lines.map(parseCaseEvent).filter((e): e is CaseEvent => e !== undefined);
}

describe("a steps case, end to end on the tiny model", () => {
  beforeAll(async () => {
    await setupBackend("wasm");
  });
  afterEach(() => vi.restoreAllMocks());

  it.each<StepRunner>(["hand", "trainer-all"])(
    "%s: reports one run with its times and leaves no tensor behind",
    async (runner) => {
      const before = tf.memory().numTensors;
      const events = await eventsOf(runner);
      expect(tf.memory().numTensors).toBe(before);
      expect(events.filter((e) => "error" in e || "note" in e)).toEqual([]);
      const runs = events.flatMap((e) => ("run" in e ? [e.run] : []));
      expect(runs).toHaveLength(1);
      expect(runs[0]!.msPerStep).toBeGreaterThan(0);
      expect(runs[0]!.cpuMsPerStep).toBeGreaterThan(0);
    },
  );
});
