import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wandb from "../src/index.js";
import { API_KEY, fakeWandbPerTest, readJson, tinyTrainer } from "./fixtures/tiny-run.js";

const fake = fakeWandbPerTest((baseUrl) => ({ WANDB_API_KEY: API_KEY, WANDB_BASE_URL: baseUrl }));

describe("disabled", () => {
  it.each([
    ["WANDB_DISABLED=true", { WANDB_DISABLED: "true" }, {}],
    ["WANDB_DISABLED=1", { WANDB_DISABLED: "1" }, {}],
    ["WANDB_MODE=disabled", { WANDB_MODE: "disabled" }, {}],
    ["WANDB_MODE=disabled over mode: online", { WANDB_MODE: "disabled" }, { mode: "online" as const }],
    ["mode: disabled", {}, { mode: "disabled" as const }],
  ])("%s: a no-op (no request, no folder, no message, no checkpoint state)", async (_name, env, options) => {
    Object.assign(process.env, env);
    const { trainer, outputDir, logs } = tinyTrainer([wandb(options)], {
      save_strategy: "steps",
      save_steps: 6,
    });
    await trainer.train();
    await trainer.evaluate();
    expect(fake.server.requests).toEqual([]);
    expect(existsSync(join(outputDir, "wandb"))).toBe(false);
    expect(readdirSync(outputDir)).toEqual(["checkpoint-6"]);
    expect(logs.filter((l) => l.includes("wandb"))).toEqual([]);
    const state = readJson(join(outputDir, "checkpoint-6", "trainer_state.json")) as {
      stateful_callbacks: Record<string, unknown>;
    };
    expect(state.stateful_callbacks.WandbCallback).toBeUndefined();
  });

  it("WANDB_DISABLED=false does not disable", async () => {
    process.env.WANDB_DISABLED = "false";
    const { trainer } = tinyTrainer([wandb({ flushIntervalMs: 0 })]);
    await trainer.train();
    expect(fake.server.onlyRun().history).toHaveLength(9);
  });
});
