import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getLastCheckpoint } from "@tfjs-trainer/core";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers/make-trainer.js";

const CHILD = fileURLToPath(new URL("./child/train-child.mjs", import.meta.url));
const FINAL = "checkpoint-9";

function runChild(options: Record<string, unknown>): {
  signal: NodeJS.Signals | null;
  status: number | null;
  stderr: string;
} {
  const result = spawnSync(process.execPath, [CHILD, JSON.stringify(options)], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { signal: result.signal, status: result.status, stderr: result.stderr };
}

/** What must be bit-identical: weights, optimizer state, scheduler, and log_history without wall-clock figures. */
function fingerprint(dir: string) {
  const state = JSON.parse(readFileSync(join(dir, "trainer_state.json"), "utf8"));
  const timeless = state.log_history.map((entry: Record<string, number>) =>
    Object.fromEntries(Object.entries(entry).filter(([k]) => !/_(runtime|per_second)$/.test(k))),
  );
  return {
    model: readFileSync(join(dir, "model.safetensors")).toString("base64"),
    optimizer: readFileSync(join(dir, "optimizer.safetensors")).toString("base64"),
    optimizerMeta: readFileSync(join(dir, "optimizer.json"), "utf8"),
    scheduler: readFileSync(join(dir, "scheduler.json"), "utf8"),
    rng: readFileSync(join(dir, "rng_state.json"), "utf8"),
    logHistory: timeless,
    statefulCallbacks: state.stateful_callbacks,
    globalStep: state.global_step,
    epoch: state.epoch,
  };
}

describe("resume after SIGKILL", () => {
  const reference = tempDir("resume-ref-");
  const uninterrupted = () => {
    if (!existsSync(join(reference, FINAL))) {
      const run = runChild({ outputDir: reference });
      expect(run.status, run.stderr).toBe(0);
    }
    return fingerprint(join(reference, FINAL));
  };

  it("killed mid-epoch (after step 5, newest checkpoint-4 is mid-epoch), resumed, ends bit-identical", () => {
    const out = tempDir("resume-mid-");
    const killed = runChild({ outputDir: out, killAfterStep: 5 });
    expect(killed.signal).toBe("SIGKILL");
    expect(
      readdirSync(out)
        .filter((n) => n.startsWith("checkpoint-"))
        .sort(),
    ).toEqual(["checkpoint-2", "checkpoint-4"]);
    const resumed = runChild({ outputDir: out, resume: true });
    expect(resumed.status, resumed.stderr).toBe(0);
    const result = fingerprint(join(out, FINAL));
    const expected = uninterrupted();
    expect(result.logHistory).toEqual(expected.logHistory);
    expect(result.statefulCallbacks["eval-counter"].attributes.evaluations).toBe(3);
    expect(result).toEqual(expected);
  });

  it("killed at an epoch boundary (checkpoint-6 ends epoch 2), resumed, ends bit-identical", () => {
    const out = tempDir("resume-epoch-");
    const killed = runChild({ outputDir: out, killAfterStep: 6 });
    expect(killed.signal).toBe("SIGKILL");
    expect(existsSync(join(out, "checkpoint-6"))).toBe(true);
    const resumed = runChild({ outputDir: out, resume: join(out, "checkpoint-6") });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(fingerprint(join(out, FINAL))).toEqual(uninterrupted());
  });

  it("killed while checkpoint-4 is being written: no checkpoint-4 folder, the newest one loads, resume ends identical", async () => {
    const out = tempDir("resume-saving-");
    const killed = runChild({ outputDir: out, killWhileSavingStep: 4 });
    expect(killed.signal).toBe("SIGKILL");
    expect(existsSync(join(out, "checkpoint-4"))).toBe(false);
    const last = await getLastCheckpoint(out);
    expect(last).toBe(join(out, "checkpoint-2"));
    // every checkpoint-N folder present is complete and readable
    for (const name of readdirSync(out).filter((n) => /^checkpoint-\d+$/.test(n))) {
      const dir = join(out, name);
      await expect(readSafetensorsFile(join(dir, "model.safetensors"))).resolves.toBeDefined();
      expect(() => JSON.parse(readFileSync(join(dir, "trainer_state.json"), "utf8"))).not.toThrow();
    }
    const resumed = runChild({ outputDir: out, resume: true });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(fingerprint(join(out, FINAL))).toEqual(uninterrupted());
  });
});
