import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectOutput } from "../src/inspect-output.js";
import { makeTrainer } from "../src/training-run.js";

let trained: string;
const made: string[] = [];

beforeAll(async () => {
  // the suite's own run, 2 steps: one checkpoint, checkpoint-2
  trained = mkdtempSync(join(tmpdir(), "chaos-inspect-"));
  const trainer = makeTrainer({ model: "tiny", steps: 2 }, trained, { plugins: [], onSaveBegin: () => {} });
  await trainer.train();
  made.push(trained);
});

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the trained output_dir, changed by `damage`. */
function outputWith(damage: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "chaos-inspect-case-"));
  made.push(dir);
  cpSync(trained, dir, { recursive: true });
  damage(dir);
  return dir;
}

describe("inspectOutput", () => {
  it("finds nothing wrong with a complete checkpoint beside a temporary folder", async () => {
    const dir = outputWith((d) =>
      cpSync(join(d, "checkpoint-2"), join(d, ".tmp-checkpoint-4-123-abcd"), { recursive: true }),
    );
    expect(await inspectOutput(dir)).toEqual({
      checkpoints: ["checkpoint-2"],
      temporary: [".tmp-checkpoint-4-123-abcd"],
      newest: "checkpoint-2",
      problems: [],
    });
  });

  it("reports a truncated safetensors file and a missing random state by file", async () => {
    const dir = outputWith((d) => {
      truncateSync(join(d, "checkpoint-2", "model.safetensors"), 100);
      writeFileSync(join(d, "checkpoint-2", "rng_state.json"), "{ not json");
    });
    const { problems } = await inspectOutput(dir);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^checkpoint-2\/model\.safetensors: /);
    expect(problems[1]).toMatch(/^checkpoint-2\/rng_state\.json: not valid JSON/);
  });

  it("reports a half-deleted checkpoint folder, which getLastCheckpoint passes over", async () => {
    const dir = outputWith((d) => mkdirSync(join(d, "checkpoint-6")));
    const { newest, problems } = await inspectOutput(dir);
    expect(newest).toBe("checkpoint-2");
    expect(problems).toContain("checkpoint-6/trainer_state.json: cannot read (ENOENT)");
    expect(problems.some((p) => p.startsWith("checkpoint-6/model.safetensors: "))).toBe(true);
  });

  it("reports a best checkpoint that the newest one records but that is gone", async () => {
    const dir = outputWith((d) => {
      const path = join(d, "checkpoint-2", "trainer_state.json");
      const state = JSON.parse(readFileSync(path, "utf8"));
      writeFileSync(path, JSON.stringify({ ...state, best_model_checkpoint: join(d, "checkpoint-0") }));
    });
    expect((await inspectOutput(dir)).problems).toEqual([
      "checkpoint-2/trainer_state.json: best_model_checkpoint checkpoint-0 is gone",
    ]);
  });

  it("reports a trainer state of another step", async () => {
    const dir = outputWith((d) =>
      cpSync(join(d, "checkpoint-2"), join(d, "checkpoint-4"), { recursive: true }),
    );
    expect((await inspectOutput(dir)).problems).toEqual([
      "checkpoint-4/trainer_state.json: global_step is 2",
    ]);
  });
});
