import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wandb, { runSyncCommand } from "../src/index.js";
import { parseValue } from "../src/json-values.js";
import { API_KEY, FAST, fakeWandbPerTest, runFolders, tinyTrainer } from "./fixtures/tiny-run.js";

const fake = fakeWandbPerTest((baseUrl) => ({
  WANDB_API_KEY: API_KEY,
  WANDB_BASE_URL: baseUrl,
  WANDB_ENTITY: "team",
}));

function steps(lines: string[]): unknown[] {
  return lines.map((line) => (parseValue(line) as Record<string, unknown>)._step);
}

describe("failures", () => {
  it("a server that fails twice (500, then a reset connection) then succeeds loses no row and duplicates none", async () => {
    fake.server.faults.graphql.push("500");
    fake.server.faults.fileStream.push("500", "reset");
    const { trainer, logs } = tinyTrainer([wandb(FAST)]);
    await trainer.train();

    const run = fake.server.onlyRun();
    expect(steps(run.history)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // the failed requests carried the offset that the next accepted one carried again
    const streams = fake.server.fileStreamRequests().filter((r) => r.body.files);
    const [failed500, failedReset, retried] = streams;
    expect([failed500.fault, failedReset.fault, retried.fault]).toEqual(["500", "reset", undefined]);
    const offset = (r: (typeof streams)[number]) =>
      (r.body.files as Record<string, { offset: number }>)["wandb-history.jsonl"].offset;
    expect(offset(failed500)).toBe(0);
    expect(offset(failedReset)).toBe(0);
    expect(offset(retried)).toBe(0);
    // accepted chunks are contiguous: no row twice, none missing
    let next = 0;
    for (const chunk of run.accepted) {
      expect(chunk.offset).toBe(next);
      next += chunk.count;
    }
    expect(next).toBe(9);
    expect(run.completions).toEqual([{ exitcode: 0, dropped: 0 }]);
    // recovered within the retries: nothing to report
    expect(logs.filter((l) => l.startsWith("warning"))).toEqual([]);
  });

  it("a 429 is retried after Retry-After", async () => {
    fake.server.faults.fileStream.push("429");
    const { trainer } = tinyTrainer([wandb(FAST)]);
    await trainer.train();
    expect(steps(fake.server.onlyRun().history)).toHaveLength(9);
  });

  it("network down for good: reported once naming the plugin, training completes, rows kept for the sync command", async () => {
    await fake.server.close();
    const { trainer, logs, outputDir } = tinyTrainer([wandb({ ...FAST, maxRetries: 1 })], {
      save_strategy: "steps",
      save_steps: 3,
    });
    const output = await trainer.train();
    expect(output.global_step).toBe(6);

    const warnings = logs.filter((l) => l.includes("@tfjs-trainer/plugin-wandb"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: @tfjs-trainer\/plugin-wandb: could not send to W&B/);
    expect(warnings[0]).toContain("tfjs-trainer-wandb-sync");

    const [folder] = runFolders(outputDir);
    const lines = readFileSync(join(folder, "wandb-history.jsonl"), "utf8").trim().split("\n");
    expect(steps(lines)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);

    // the network is back: the sync command uploads the folder
    const url = await fake.startAnother();
    const out: string[] = [];
    const status = await runSyncCommand([outputDir], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env: { WANDB_API_KEY: API_KEY, WANDB_BASE_URL: url },
    });
    expect(status).toBe(0);
    expect(out[0]).toMatch(
      /^synced .*: 9 history rows → http:\/\/127\.0\.0\.1:\d+\/team\/huggingface\/runs\/[a-z0-9]{8}$/,
    );
    const run = fake.server.onlyRun();
    expect(run.history).toEqual(lines);
    expect(run.completions).toEqual([{ exitcode: 0, dropped: 0 }]);
  });

  it("a disk failure is reported once and does not stop training; the rows still reach W&B", async () => {
    const { trainer, logs } = tinyTrainer([wandb({ ...FAST, dir: "/dev/null/not-a-folder" })]);
    await trainer.train();
    const warnings = logs.filter((l) => l.startsWith("warning: @tfjs-trainer/plugin-wandb"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not write the run folder/);
    expect(steps(fake.server.onlyRun().history)).toHaveLength(9);
  });

  it("a rejected key (401) is reported once; training completes", async () => {
    process.env.WANDB_API_KEY = "some-other-key";
    const { trainer, logs } = tinyTrainer([wandb(FAST)]);
    await trainer.train();
    const warnings = logs.filter((l) => l.includes("@tfjs-trainer/plugin-wandb"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/HTTP 401/);
    expect(warnings[0]).not.toContain("some-other-key");
  });
});
