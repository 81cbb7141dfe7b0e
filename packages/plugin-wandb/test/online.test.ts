import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LogEntry } from "@tfjs-trainer/core";
import { describe, expect, it } from "vitest";
import wandb from "../src/index.js";
import { parseValue } from "../src/json-values.js";
import { API_KEY, FAST, fakeWandbPerTest, runFolders, tinyTrainer } from "./fixtures/tiny-run.js";

const parseHistoryLine = (line: string) => parseValue(line) as Record<string, unknown>;

const fake = fakeWandbPerTest((baseUrl) => ({
  WANDB_API_KEY: API_KEY,
  WANDB_BASE_URL: baseUrl,
  WANDB_PROJECT: "tfjs-proj",
}));

/** The history row HF's WandbCallback logs for a log_history entry (without W&B's underscore keys). */
function expectedRow(entry: LogEntry): Record<string, number> {
  const row: Record<string, number> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === "step") continue;
    if (
      [
        "train_runtime",
        "train_samples_per_second",
        "train_steps_per_second",
        "train_loss",
        "total_flos",
      ].includes(key)
    )
      continue;
    if (key.startsWith("eval_")) row[`eval/${key.slice(5)}`] = value;
    else row[`train/${key}`] = value;
  }
  row["train/global_step"] = entry.step;
  return row;
}

describe("online: W&B's HTTP protocol", () => {
  it("creates the run with upsertBucket, streams every row with increasing offsets, the summary, then complete", async () => {
    const { trainer, outputDir } = tinyTrainer([wandb(FAST)], { run_name: "tiny-run" });
    await trainer.train();

    // every request authenticates as the SDK does: HTTP basic, user "api", the key as password
    expect(fake.server.requests.length).toBeGreaterThan(3);
    for (const request of fake.server.requests)
      expect(request.authorization).toBe(fake.server.expectedAuthorization);

    // no WANDB_ENTITY: the entity comes from the viewer query
    expect(fake.server.requests[0].body.query).toMatch(/query Viewer/);
    const run = fake.server.onlyRun();
    const [first] = run.upserts;
    expect(first).toMatchObject({ project: "tfjs-proj", entity: "test-entity", displayName: "tiny-run" });
    expect(first.name).toMatch(/^[a-z0-9]{8}$/);
    expect(run.key).toBe(`test-entity/tfjs-proj/${first.name}`);

    // config: model config + training arguments, each wrapped as {value, desc}, and the step metric declared
    const config = JSON.parse(first.config as string);
    expect(config.learning_rate).toEqual({ value: trainer.args.learning_rate, desc: null });
    expect(config.max_steps).toEqual({ value: 6, desc: null });
    expect(config.run_name).toEqual({ value: "tiny-run", desc: null });
    expect(config.hidden_size).toEqual({ value: 4, desc: null });
    expect(config.model_type).toEqual({ value: "tiny", desc: null });
    const parameters = trainer.model.namedParameters().reduce((n, p) => n + p.variable.size, 0);
    expect(config["model/num_parameters"]).toEqual({ value: parameters, desc: null });
    expect(config._wandb.value.m[0]).toEqual({ "1": "train/global_step", "6": [3] });

    // a later upsert declares each logged key against train/global_step (the glob define_metric, expanded)
    const last = JSON.parse(run.upserts.at(-1)?.config as string);
    const metrics = last._wandb.value.m as Record<string, unknown>[];
    expect(metrics).toContainEqual({ "1": "train/loss", "5": 1, "6": [1] });
    expect(metrics).toContainEqual({ "1": "eval/loss", "5": 1, "6": [1] });

    // offsets: each accepted chunk starts where the previous ended
    let next = 0;
    for (const chunk of run.accepted) {
      expect(chunk.offset).toBe(next);
      next += chunk.count;
    }

    // every log entry is one history row, in order, HF's keys, _step = its line
    const history = trainer.state.log_history;
    expect(history).toHaveLength(9);
    expect(run.history).toHaveLength(9);
    let runtime = 0;
    run.history.forEach((line, i) => {
      const row = parseHistoryLine(line);
      const { _step, _runtime, _timestamp, ...values } = row;
      expect(_step).toBe(i);
      expect(_runtime).toBeGreaterThanOrEqual(runtime);
      runtime = _runtime as number;
      expect(Math.abs((_timestamp as number) - Date.now() / 1000)).toBeLessThan(120);
      expect(values).toEqual(expectedRow(history[i]));
    });

    // HF's single-value scalars go to the summary, never to the history
    const summary = JSON.parse(run.summary as string);
    const final = history.at(-1) as LogEntry;
    for (const key of [
      "train_runtime",
      "train_samples_per_second",
      "train_steps_per_second",
      "train_loss",
      "total_flos",
    ]) {
      expect(summary[key]).toBe(final[key]);
      expect(run.history.some((line) => line.includes(`"train/${key}"`))).toBe(false);
    }
    expect(summary["train/global_step"]).toBe(6);
    expect(summary["eval/loss"]).toBe(history[7].eval_loss);
    expect(summary._step).toBe(8);

    // the last request says the run is complete, exit code 0
    expect(run.completions).toEqual([{ exitcode: 0, dropped: 0 }]);
    expect(fake.server.fileStreamRequests().at(-1)?.body).toMatchObject({ complete: true, exitcode: 0 });

    // the local spool holds the same rows and is marked synced
    const [folder] = runFolders(outputDir);
    expect(folder).toMatch(new RegExp(`/run-\\d{8}_\\d{6}-${first.name}$`));
    expect(readFileSync(join(folder, "wandb-history.jsonl"), "utf8")).toBe(`${run.history.join("\n")}\n`);
    expect(existsSync(join(folder, ".synced"))).toBe(true);
  });

  it("batches: with a long flush interval all rows go in one request at train end", async () => {
    const { trainer } = tinyTrainer([wandb({ ...FAST, flushIntervalMs: 60_000 })]);
    await trainer.train();
    const run = fake.server.onlyRun();
    expect(run.accepted).toEqual([{ offset: 0, count: 9 }]);
    const streams = fake.server.fileStreamRequests().map((r) => r.body);
    expect(streams).toHaveLength(2);
    expect(Object.keys(streams[0].files as object).sort()).toEqual([
      "wandb-history.jsonl",
      "wandb-summary.json",
    ]);
    expect(streams[1]).toEqual({ complete: true, exitcode: 0, dropped: 0, uploaded: [] });
  });

  it("takes WANDB_ENTITY and WANDB_RUN_ID without asking the viewer; the run name defaults to output_dir", async () => {
    process.env.WANDB_ENTITY = "my-team";
    process.env.WANDB_RUN_ID = "fixedid1";
    const { trainer, outputDir } = tinyTrainer([wandb({ ...FAST, project: "from-options" })]);
    await trainer.train();
    expect(fake.server.requests.some((r) => String(r.body.query ?? "").includes("query Viewer"))).toBe(false);
    const run = fake.server.onlyRun();
    expect(run.key).toBe("my-team/from-options/fixedid1");
    expect(run.upserts[0]).toMatchObject({ name: "fixedid1", entity: "my-team", displayName: outputDir });
  });

  it("an evaluate() after train() goes to the same run, after the training rows, and completes it again", async () => {
    const { trainer } = tinyTrainer([wandb(FAST)]);
    await trainer.train();
    await trainer.evaluate();
    const run = fake.server.onlyRun();
    expect(run.history).toHaveLength(10);
    const last = parseHistoryLine(run.history[9]);
    expect(last._step).toBe(9);
    expect(last["eval/loss"]).toBe(trainer.state.log_history.at(-1)?.eval_loss);
    expect(last["train/global_step"]).toBe(6);
    expect(run.completions.map((c) => c.exitcode)).toEqual([0, 0]);
    expect(run.accepted.at(-1)).toEqual({ offset: 9, count: 1 });
  });

  it("predict() metrics are logged with HF's test/ prefix at the last global step", async () => {
    const { trainer } = tinyTrainer([wandb(FAST)]);
    await trainer.train();
    const { metrics } = await trainer.predict(trainer.evalDataset as never);
    const run = fake.server.onlyRun();
    const last = parseHistoryLine(run.history.at(-1) as string);
    expect(last["test/loss"]).toBe(metrics.test_loss);
    expect(last["train/global_step"]).toBe(6);
  });

  it("a train() that throws marks the run failed (exit code 1) and rethrows unchanged", async () => {
    const { trainer } = tinyTrainer(
      [wandb(FAST)],
      {},
      {
        computeMetrics: () => {
          throw new Error("metric exploded");
        },
      },
    );
    await expect(trainer.train()).rejects.toThrow(/metric exploded/);
    const run = fake.server.onlyRun();
    expect(run.completions).toEqual([{ exitcode: 1, dropped: 0 }]);
    expect(run.history).toHaveLength(3);
  });
});
