import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import wandb, { replayOfflineRun, runSyncCommand } from "../src/index.js";
import { parseValue } from "../src/json-values.js";
import { API_KEY, fakeWandbPerTest, readJson, runFolders, tinyTrainer } from "./fixtures/tiny-run.js";

// no API key: offline by default; the base URL is set so that any request would be seen
const fake = fakeWandbPerTest((baseUrl) => ({ WANDB_BASE_URL: baseUrl, WANDB_PROJECT: "offline-proj" }));

async function offlineRun(args = {}) {
  const run = tinyTrainer([wandb({ retryInitialDelayMs: 1 })], { run_name: "offline-tiny", ...args });
  await run.trainer.train();
  const folders = runFolders(run.outputDir);
  expect(folders).toHaveLength(1);
  return { ...run, folder: folders[0] };
}

describe("offline mode and replay", () => {
  it("without WANDB_API_KEY: config, history, summary and metadata go to output_dir/wandb/offline-run-<stamp>-<id>/", async () => {
    const { trainer, folder, logs } = await offlineRun();
    expect(fake.server.requests).toEqual([]);
    expect(basename(folder)).toMatch(/^offline-run-\d{8}_\d{6}-[a-z0-9]{8}$/);

    const metadata = readJson(join(folder, "wandb-metadata.json"));
    expect(metadata).toMatchObject({
      project: "offline-proj",
      name: "offline-tiny",
      mode: "offline",
      entity: null,
      exitcode: 0,
      historyStart: 0,
    });
    expect(basename(folder).endsWith(`-${metadata.id}`)).toBe(true);

    const config = readJson(join(folder, "config.json")) as Record<string, { value: unknown }>;
    expect(config.learning_rate.value).toBe(trainer.args.learning_rate);
    expect(config.num_labels.value).toBe(3);
    expect((config._wandb.value as { m: unknown[] }).m).toContainEqual({
      "1": "eval/loss",
      "5": 1,
      "6": [1],
    });

    const lines = readFileSync(join(folder, "wandb-history.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(9);
    const rows = lines.map((l) => parseValue(l) as Record<string, number>);
    expect(rows.map((r) => r["train/global_step"])).toEqual([1, 2, 3, 3, 4, 5, 6, 6, 6]);
    expect(rows[3]["eval/loss"]).toBe(trainer.state.log_history[3].eval_loss);

    const summary = readJson(join(folder, "wandb-summary.json"));
    expect(summary.train_loss).toBe(trainer.state.log_history.at(-1)?.train_loss);
    expect(summary._step).toBe(8);

    expect(logs.filter((l) => l.includes("plugin-wandb"))).toEqual([
      `@tfjs-trainer/plugin-wandb: offline run ${metadata.id} saved in ${folder}; upload it with: npx tfjs-trainer-wandb-sync ${folder}`,
    ]);
  });

  it("replayOfflineRun uploads it: the run with its config, every row from offset 0, the summary, complete", async () => {
    const { folder } = await offlineRun();
    const metadata = readJson(join(folder, "wandb-metadata.json"));
    const lines = readFileSync(join(folder, "wandb-history.jsonl"), "utf8").trim().split("\n");

    const result = await replayOfflineRun(folder, { apiKey: API_KEY, maxLinesPerRequest: 4 });
    expect(result).toMatchObject({
      runId: metadata.id,
      entity: "test-entity",
      project: "offline-proj",
      historyLines: 9,
    });
    expect(result.url).toBe(`${fake.baseUrl}/test-entity/offline-proj/runs/${metadata.id}`);

    for (const request of fake.server.requests)
      expect(request.authorization).toBe(fake.server.expectedAuthorization);
    const run = fake.server.onlyRun();
    expect(run.upserts[0]).toMatchObject({
      name: metadata.id,
      project: "offline-proj",
      displayName: "offline-tiny",
    });
    expect(JSON.parse(run.upserts[0].config as string)).toEqual(readJson(join(folder, "config.json")));
    expect(run.accepted).toEqual([
      { offset: 0, count: 4 },
      { offset: 4, count: 4 },
      { offset: 8, count: 1 },
    ]);
    expect(run.history).toEqual(lines);
    expect(JSON.parse(run.summary as string)).toEqual(readJson(join(folder, "wandb-summary.json")));
    expect(run.completions).toEqual([{ exitcode: 0, dropped: 0 }]);
    expect(existsSync(join(folder, ".synced"))).toBe(true);

    // a second replay rewrites the same offsets: still each row once
    await replayOfflineRun(folder, { apiKey: API_KEY, env: {}, baseUrl: fake.baseUrl });
    expect(fake.server.onlyRun().history).toEqual(lines);
  });

  it("the sync command finds the run folders of an output_dir and skips those already synced", async () => {
    const { outputDir, folder } = await offlineRun();
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => out.push(`ERR ${l}`),
      env: { WANDB_API_KEY: API_KEY, WANDB_BASE_URL: fake.baseUrl },
    };
    expect(await runSyncCommand([outputDir, "--entity", "other", "--project", "elsewhere"], io)).toBe(0);
    expect(out[0]).toMatch(new RegExp(`^synced ${folder}: 9 history rows → .*/other/elsewhere/runs/`));
    expect(await runSyncCommand([join(outputDir, "wandb")], io)).toBe(0);
    expect(out[1]).toBe(`skipped ${folder} (already synced; --force uploads it again)`);
    expect(await runSyncCommand([], io)).toBe(2);
    expect(await runSyncCommand(["/nonexistent-folder"], io)).toBe(1);
    expect(await runSyncCommand([folder], { ...io, env: {} })).toBe(0);
    expect(await runSyncCommand([folder, "--force"], { ...io, env: {} })).toBe(1);
    expect(out.at(-1)).toMatch(/^ERR failed .*needs an API key: set WANDB_API_KEY/);
  });

  it("WANDB_MODE=offline stays offline even with a key", async () => {
    process.env.WANDB_API_KEY = API_KEY;
    process.env.WANDB_MODE = "offline";
    const { folder } = await offlineRun();
    expect(fake.server.requests).toEqual([]);
    expect(basename(folder)).toMatch(/^offline-run-/);
  });

  it("a train() that throws offline records exit code 1, which the replay sends", async () => {
    const run = tinyTrainer(
      [wandb()],
      {},
      {
        computeMetrics: () => {
          throw new Error("boom");
        },
      },
    );
    await expect(run.trainer.train()).rejects.toThrow("boom");
    const [folder] = runFolders(run.outputDir);
    expect(readJson(join(folder, "wandb-metadata.json")).exitcode).toBe(1);
    await replayOfflineRun(folder, { apiKey: API_KEY });
    expect(fake.server.onlyRun().completions).toEqual([{ exitcode: 1, dropped: 0 }]);
  });
});
