import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  definePlugin,
  InMemoryDataset,
  type PluginSpec,
  TinyClassifier,
  TRAINER_STATE_FILE,
  Trainer,
} from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import rotation, { checkpointsToDelete, checkpointsToDeleteAtEnd, findBest } from "../src/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("checkpointsToDelete", () => {
  const all = ["c2", "c4", "c6", "c8"];
  it("keeps the newest ones up to the limit", () => {
    expect(checkpointsToDelete(all, 2)).toEqual(["c2", "c4"]);
    expect(checkpointsToDelete(all, 5)).toEqual([]);
  });
  it("never deletes the best, even an early one with limit 2 (HF #15089)", () => {
    expect(checkpointsToDelete(all, 2, "c2")).toEqual(["c4", "c6"]);
  });
  it("with limit 1 keeps the newest and the best (HF #25129 deleted the best)", () => {
    expect(checkpointsToDelete(all, 1, "c4")).toEqual(["c2", "c6"]);
    expect(checkpointsToDelete(all, 1, "c8")).toEqual(["c2", "c4", "c6"]);
  });
});

// Five checkpoints, oldest first; where the best is: the oldest, the newest, a middle one, or none (no
// metric_for_best_model, or no evaluation yet). `kept` is what stays after a save, `atEnd` what stays once training
// has ended. While the best is among the checkpoints these are the folders HF 5.x keeps too (_sorted_checkpoints
// moves the best next to the newest; limit 1 becomes 2 while the best is not the newest; train end leaves only the
// best with limit 1).
const FIVE = [
  "out/checkpoint-1",
  "out/checkpoint-2",
  "out/checkpoint-3",
  "out/checkpoint-4",
  "out/checkpoint-5",
];
const BEST = { oldest: FIVE[0], newest: FIVE[4], middle: FIVE[1], absent: null } as const;
type Where = keyof typeof BEST;
const RULES: { limit: number; best: Where; kept: number[]; atEnd: number[] }[] = [
  { limit: 1, best: "oldest", kept: [1, 5], atEnd: [1] },
  { limit: 1, best: "newest", kept: [5], atEnd: [5] },
  { limit: 1, best: "middle", kept: [2, 5], atEnd: [2] },
  { limit: 1, best: "absent", kept: [5], atEnd: [5] },
  { limit: 2, best: "oldest", kept: [1, 5], atEnd: [1, 5] },
  { limit: 2, best: "newest", kept: [4, 5], atEnd: [4, 5] },
  { limit: 2, best: "middle", kept: [2, 5], atEnd: [2, 5] },
  { limit: 2, best: "absent", kept: [4, 5], atEnd: [4, 5] },
  { limit: 3, best: "oldest", kept: [1, 4, 5], atEnd: [1, 4, 5] },
  { limit: 3, best: "newest", kept: [3, 4, 5], atEnd: [3, 4, 5] },
  { limit: 3, best: "middle", kept: [2, 4, 5], atEnd: [2, 4, 5] },
  { limit: 3, best: "absent", kept: [3, 4, 5], atEnd: [3, 4, 5] },
];
const steps = (dirs: readonly string[]) => dirs.map((d) => Number(d.split("-").at(-1)));
const without = (all: readonly string[], doomed: readonly string[]) => all.filter((d) => !doomed.includes(d));

describe("rotation rules: save_total_limit 1, 2, 3 × best oldest / newest / middle / absent", () => {
  it.each(RULES)(
    "limit $limit, best $best: keeps $kept after a save, $atEnd at the end",
    ({ limit, best, kept, atEnd }) => {
      const bestDir = BEST[best];
      const afterSave = without(FIVE, checkpointsToDelete(FIVE, limit, bestDir));
      expect(steps(afterSave)).toEqual(kept);
      // the newest and the best survive every save
      expect(afterSave).toContain(FIVE[4]);
      if (bestDir) expect(afterSave).toContain(bestDir);
      // a second pass deletes nothing more: the result is stable
      expect(checkpointsToDelete(afterSave, limit, bestDir)).toEqual([]);
      expect(steps(without(afterSave, checkpointsToDeleteAtEnd(afterSave, limit, bestDir)))).toEqual(atEnd);
    },
  );

  it("no best yet (null) or a best that is not a checkpoint any more protects only the newest", () => {
    expect(checkpointsToDelete(FIVE, 2, null)).toEqual(FIVE.slice(0, 3));
    expect(checkpointsToDelete(FIVE, 2, "out/checkpoint-9")).toEqual(FIVE.slice(0, 3));
    // and the end of training then deletes nothing: never every checkpoint
    expect(checkpointsToDeleteAtEnd(FIVE.slice(3), 1, "out/checkpoint-9")).toEqual([]);
  });

  it("finds the best when its recorded path is spelled differently or output_dir has moved", () => {
    const absolute = join(process.cwd(), "out", "checkpoint-2");
    expect(findBest(FIVE, absolute)).toBe("out/checkpoint-2");
    expect(findBest(FIVE, "./out/./checkpoint-2")).toBe("out/checkpoint-2");
    expect(findBest(FIVE, "/old/place/out/checkpoint-2")).toBe("out/checkpoint-2");
    expect(findBest(FIVE, "/old/place/out/checkpoint-7")).toBeUndefined();
    expect(checkpointsToDelete(FIVE, 1, "/old/place/out/checkpoint-2")).toEqual([FIVE[0], FIVE[2], FIVE[3]]);
  });
});

function run(
  limit: number,
  evalScores: number[],
  extra: Record<string, unknown> = {},
  plugins: PluginSpec[] = [],
) {
  const outputDir = mkdtempSync(join(tmpdir(), "rotation-"));
  let evaluation = 0;
  const rows = Array.from({ length: 8 }, (_, i) => ({ input_ids: [1 + (i % 5), 2, 3], label: i % 3 }));
  const trainer = new Trainer({
    model: new TinyClassifier({ vocab_size: 8, hidden_size: 4, num_labels: 3, seed: 1 }),
    args: {
      output_dir: outputDir,
      per_device_train_batch_size: 4,
      max_steps: evalScores.length,
      eval_strategy: "steps",
      eval_steps: 1,
      save_steps: 1,
      save_total_limit: limit,
      load_best_model_at_end: true,
      metric_for_best_model: "score",
      backend: "cpu",
      ...extra,
    },
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    computeMetrics: () => ({ score: evalScores[evaluation++] }),
    plugins: [defaultFlow, rotation, ...plugins],
    logger: () => {},
  });
  return { trainer, outputDir };
}

const checkpoints = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.startsWith("checkpoint-"))
    .sort();

/** Records the checkpoint folders on disk after each save, once rotation (STAGE_CLEANUP) has run. */
function foldersAfterEachSave() {
  const seen: string[][] = [];
  const plugin = definePlugin({
    name: "folders-after-save",
    apply(trainer) {
      trainer.hooks.save.tapPromise({ name: "folders-after-save", stage: 1000 }, async ({ args }) => {
        seen.push(checkpoints(args.output_dir));
      });
    },
  });
  return { seen, plugin };
}

/** Stops training at `step`, as early stopping would; `throws` makes it an interruption instead (a crash). */
const stopAt = (step: number, throws = false) =>
  definePlugin({
    name: "stop-at",
    apply(trainer) {
      trainer.hooks.stepEnd.tapPromise({ name: "stop-at", stage: 1000 }, async ({ state, control }) => {
        if (state.global_step !== step) return;
        if (throws) throw new Error("interrupted");
        control.should_training_stop = true;
      });
    },
  });

describe("rotation during training", () => {
  it("limit 2 keeps the best (step 2) and the newest", async () => {
    const { trainer, outputDir } = run(2, [0.1, 0.9, 0.2, 0.3, 0.4]);
    await trainer.train();
    expect(checkpoints(outputDir)).toEqual(["checkpoint-2", "checkpoint-5"]);
    expect(trainer.state.best_model_checkpoint).toBe(join(outputDir, "checkpoint-2"));
  });

  it("limit 1 ends with only the best when it is not the newest (as HF leaves it)", async () => {
    const { trainer, outputDir } = run(1, [0.1, 0.9, 0.2, 0.3]);
    await trainer.train();
    expect(checkpoints(outputDir)).toEqual(["checkpoint-2"]);
  });

  it("touches neither incomplete checkpoint folders nor other folders", async () => {
    const { trainer, outputDir } = run(1, [0.1, 0.2, 0.3]);
    mkdirSync(join(outputDir, "checkpoint-0"));
    mkdirSync(join(outputDir, "notes"));
    await trainer.train();
    expect(checkpoints(outputDir)).toEqual(["checkpoint-0", "checkpoint-3"]);
    expect(existsSync(join(outputDir, "notes"))).toBe(true);
  });

  it("touches no folder being written and no look-alike name, even holding a trainer_state.json", async () => {
    const { trainer, outputDir } = run(1, [0.1, 0.2, 0.3]);
    const lookAlikes = [
      ".tmp-checkpoint-1-123-abcd",
      "checkpoint-1-old",
      "checkpoint-final",
      "old-checkpoint-1",
    ];
    for (const name of lookAlikes) {
      mkdirSync(join(outputDir, name));
      writeFileSync(join(outputDir, name, TRAINER_STATE_FILE), "{}");
    }
    await trainer.train();
    expect(checkpoints(outputDir)).toEqual(["checkpoint-1-old", "checkpoint-3", "checkpoint-final"]);
    for (const name of lookAlikes) expect(existsSync(join(outputDir, name, TRAINER_STATE_FILE))).toBe(true);
  });
});

describe("rotation end to end: save_total_limit 1, 2, 3 × best oldest / newest / middle / absent", () => {
  // one evaluation and one save per step, five steps; "score" is greater-is-better
  const SCORES: Record<Where, number[]> = {
    oldest: [0.9, 0.1, 0.2, 0.3, 0.4],
    newest: [0.1, 0.2, 0.3, 0.4, 0.9],
    middle: [0.1, 0.9, 0.2, 0.3, 0.4],
    absent: [0.1, 0.2, 0.3, 0.4, 0.5],
  };
  const NO_METRIC = { load_best_model_at_end: false, metric_for_best_model: null };

  it.each(RULES)("limit $limit, best $best: $atEnd left on disk", async ({ limit, best, kept, atEnd }) => {
    const { seen, plugin } = foldersAfterEachSave();
    const { trainer, outputDir } = run(limit, SCORES[best], best === "absent" ? NO_METRIC : {}, [plugin]);
    await trainer.train();
    const names = (s: number[]) => s.map((n) => `checkpoint-${n}`).sort();
    expect(checkpoints(outputDir)).toEqual(names(atEnd));
    expect(seen.at(-1)).toEqual(names(kept));
    const bestStep = { oldest: 1, newest: 5, middle: 2, absent: null }[best];
    expect(trainer.state.best_model_checkpoint).toBe(
      bestStep === null ? null : join(outputDir, `checkpoint-${bestStep}`),
    );
    // after every save: at most max(limit, 2) folders, the newest one among them, and the best so far
    seen.forEach((folders, i) => {
      const step = i + 1;
      expect(folders).toContain(`checkpoint-${step}`);
      expect(folders.length).toBeLessThanOrEqual(Math.max(limit, 2));
      if (bestStep !== null && bestStep <= step) expect(folders).toContain(`checkpoint-${bestStep}`);
    });
  });

  it("limit 1 with an early best holds two folders during training: the best and the newest", async () => {
    const { seen, plugin } = foldersAfterEachSave();
    const { trainer } = run(1, SCORES.middle, {}, [plugin]);
    await trainer.train();
    expect(seen).toEqual([
      ["checkpoint-1"],
      ["checkpoint-2"],
      ["checkpoint-2", "checkpoint-3"],
      ["checkpoint-2", "checkpoint-4"],
      ["checkpoint-2", "checkpoint-5"],
    ]);
  });

  // Both below: evaluation every step, a checkpoint every 2 steps, the last weights kept (no load_best_model_at_end).
  const SPARSE = { max_steps: 8, save_steps: 2, load_best_model_at_end: false };

  it("a resumed run keeps the best after output_dir was moved, and never ends with no checkpoint", async () => {
    // best at step 2; interrupted at step 5, before any save
    const first = run(1, [0.1, 0.9, 0.2, 0.3], SPARSE, [stopAt(5, true)]);
    await expect(first.trainer.train()).rejects.toThrow(/interrupted/);
    expect(checkpoints(first.outputDir)).toEqual(["checkpoint-2", "checkpoint-4"]);
    const moved = `${first.outputDir}-moved`;
    renameSync(first.outputDir, moved);
    // resumed there, best_model_checkpoint still names the old place; it stops at step 5, with no save since
    const second = run(1, [0.2], { ...SPARSE, output_dir: moved }, [stopAt(5)]);
    await second.trainer.train({ resumeFromCheckpoint: true });
    expect(second.trainer.state.global_step).toBe(5);
    expect(second.trainer.state.best_model_checkpoint).toBe(join(first.outputDir, "checkpoint-2"));
    expect(checkpoints(moved)).toEqual(["checkpoint-2"]);
  });

  it("rotation after resuming with a relative output_dir keeps the best recorded with the absolute one", async () => {
    // best saved at step 2; step 3 scores higher but is not saved, so best_model_checkpoint stays checkpoint-2
    const first = run(2, [0.1, 0.9, 0.95, 0.2], SPARSE, [stopAt(5, true)]);
    await expect(first.trainer.train()).rejects.toThrow(/interrupted/);
    expect(checkpoints(first.outputDir)).toEqual(["checkpoint-2", "checkpoint-4"]);
    const rel = relative(process.cwd(), first.outputDir);
    const second = run(2, [0.3, 0.4], { ...SPARSE, output_dir: rel }, [stopAt(6)]);
    await second.trainer.train({ resumeFromCheckpoint: true });
    expect(second.trainer.state.best_model_checkpoint).toBe(join(first.outputDir, "checkpoint-2"));
    expect(checkpoints(first.outputDir)).toEqual(["checkpoint-2", "checkpoint-6"]);
  });
});
