import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wandb from "../src/index.js";
import { parseValue } from "../src/json-values.js";
import {
  API_KEY,
  FAST,
  fakeWandbPerTest,
  listFiles,
  readJson,
  runFolders,
  tinyTrainer,
} from "./fixtures/tiny-run.js";

const SECRETS = [
  API_KEY,
  Buffer.from(`api:${API_KEY}`).toString("base64"),
  Buffer.from(API_KEY).toString("base64"),
];

const fake = fakeWandbPerTest((baseUrl) => ({
  WANDB_API_KEY: API_KEY,
  WANDB_BASE_URL: baseUrl,
  WANDB_ENTITY: "team",
}));

function expectNoSecretIn(outputDir: string, logs: string[]): void {
  const files = listFiles(outputDir);
  expect(files.some((f) => f.includes("checkpoint-2"))).toBe(true);
  expect(files.some((f) => f.endsWith("wandb-history.jsonl"))).toBe(true);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const secret of SECRETS) expect(bytes.includes(secret), `${file} holds the key`).toBe(false);
  }
  for (const line of logs) for (const secret of SECRETS) expect(line).not.toContain(secret);
}

describe("the API key stays out of every file", () => {
  it("online, with checkpoints: no file under output_dir holds the key; the checkpoint keeps only ids and offsets", async () => {
    const { trainer, outputDir, logs } = tinyTrainer([wandb(FAST)], {
      save_strategy: "steps",
      save_steps: 2,
    });
    await trainer.train();
    expectNoSecretIn(outputDir, logs);
    const state = readJson(join(outputDir, "checkpoint-6", "trainer_state.json")) as {
      stateful_callbacks: Record<string, { args: object; attributes: Record<string, unknown> }>;
    };
    const saved = state.stateful_callbacks.WandbCallback;
    expect(saved.args).toEqual({ project: "huggingface", entity: "team" });
    expect(Object.keys(saved.attributes).sort()).toEqual([
      "acked_lines",
      "history_lines",
      "run_dir",
      "run_id",
      "runtime",
    ]);
    expect(saved.attributes.run_id).toBe(fake.server.onlyRun().upserts[0].name);
    // 6 train rows and 2 evaluation rows were logged before the last checkpoint
    expect(saved.attributes.history_lines).toBe(8);
  });

  it("offline with a key in the environment, and online with the network down: still nowhere", async () => {
    process.env.WANDB_MODE = "offline";
    const offline = tinyTrainer([wandb(FAST)], { save_strategy: "steps", save_steps: 2 });
    await offline.trainer.train();
    expectNoSecretIn(offline.outputDir, offline.logs);

    delete process.env.WANDB_MODE;
    await fake.server.close();
    const down = tinyTrainer([wandb({ ...FAST, maxRetries: 0 })], { save_strategy: "steps", save_steps: 2 });
    await down.trainer.train();
    expect(down.logs.some((l) => l.includes("could not send"))).toBe(true);
    expectNoSecretIn(down.outputDir, down.logs);
  });
});

describe("resume", () => {
  it("a run resumed from a checkpoint continues the same W&B run: rows after the checkpoint are rewritten at their offsets", async () => {
    const first = tinyTrainer([wandb(FAST)], { save_strategy: "steps", save_steps: 3 });
    await first.trainer.train();
    const runId = fake.server.onlyRun().upserts[0].name;

    // resume from checkpoint-3 (as after a crash at step 5): the same output_dir, a new trainer
    const second = tinyTrainer([wandb(FAST)], {
      output_dir: first.outputDir,
      save_strategy: "steps",
      save_steps: 3,
    });
    await second.trainer.train({ resumeFromCheckpoint: join(first.outputDir, "checkpoint-3") });

    const run = fake.server.onlyRun();
    expect(run.key).toBe(`team/huggingface/${runId}`);
    expect(run.upserts.every((u) => u.name === runId)).toBe(true);
    // checkpoint-3 was written after 4 rows (3 train, 1 evaluation): the resumed session goes on from there
    const saved = readJson(join(first.outputDir, "checkpoint-3", "trainer_state.json")) as {
      stateful_callbacks: { WandbCallback: { attributes: { history_lines: number } } };
    };
    expect(saved.stateful_callbacks.WandbCallback.attributes.history_lines).toBe(4);
    const firstSession = run.accepted.findIndex((c, i) => i > 0 && c.offset < run.accepted[i - 1].offset);
    expect(firstSession).toBeGreaterThan(0);
    expect(run.accepted[firstSession].offset).toBeLessThanOrEqual(4);
    const rows = run.history.map((l) => parseValue(l) as Record<string, number>);
    expect(rows.map((r) => r._step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows.map((r) => r["train/global_step"])).toEqual([1, 2, 3, 3, 4, 5, 6, 6, 6]);
    expect(rows[8]["train/epoch"]).toBe(second.trainer.state.log_history.at(-1)?.epoch);
    expect(run.completions.map((c) => c.exitcode)).toEqual([0, 0]);

    // the local folder was cut back at the checkpoint and continued: the same 9 rows, once each
    const [folder] = runFolders(first.outputDir);
    const local = readFileSync(join(folder, "wandb-history.jsonl"), "utf8").trim().split("\n");
    expect(local).toEqual(run.history);
    expect(readJson(join(folder, "wandb-metadata.json")).exitcode).toBe(0);
  });
});
