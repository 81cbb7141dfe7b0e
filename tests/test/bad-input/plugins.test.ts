import { existsSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  definePlugin,
  type HookName,
  InMemoryDataset,
  PluginApplyError,
  PluginHookError,
  PluginOptionsError,
  type Trainer,
} from "@tfjs-trainer/core";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { makeTrainer } from "../helpers/make-trainer.js";
import { toyClassificationRows } from "../helpers/toy-data.js";
import { checkpointNames, expectOnlyCompleteCheckpoints, numTensors, rejection, thrown } from "./outcomes.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const NAME = "throwing-plugin";
type TapKind = "tap" | "tapPromise" | "tapAsync";

/** Hooks whose only calls come before any checkpoint: they throw on their first call. */
const EARLY = new Set<HookName>(["initEnd", "trainBegin"]);

/**
 * A plugin whose tap on `hook` throws — once checkpoint-2 is in place (or at once, for hooks that run only before
 * it), so the test also shows that a complete checkpoint written before the failure survives it.
 */
function throwingPlugin(hook: HookName, kind: TapKind) {
  return definePlugin({
    name: NAME,
    apply(trainer: Trainer) {
      const armed = () =>
        EARLY.has(hook) || existsSync(join(trainer.args.output_dir, "checkpoint-2")) || hook === "predict";
      const boom = () => new Error(`boom in ${hook}`);
      // biome-ignore lint/suspicious/noExplicitAny: one tap of each kind on hooks of every signature
      const target = trainer.hooks[hook] as any;
      if (kind === "tapPromise") {
        target.tapPromise(NAME, async (first: unknown) => {
          if (armed()) throw boom();
          return hook === "postprocessPredictions" || hook === "computeMetrics" ? first : undefined;
        });
      } else if (kind === "tapAsync") {
        target.tapAsync(NAME, (...args: unknown[]) => {
          const callback = args.at(-1) as (error?: Error | null, result?: unknown) => void;
          callback(armed() ? boom() : null);
        });
      } else {
        target.tap(NAME, (first: unknown) => {
          if (armed()) throw boom();
          return hook === "prepareInputs" ? first : undefined;
        });
      }
    },
  });
}

/** 4 optimizer steps of 2 micro-batches over 2 epochs; a log every step, evaluation and a checkpoint every 2. */
function trainerWith(plugin: ReturnType<typeof throwingPlugin>): Trainer {
  return makeTrainer(
    {
      max_steps: 4,
      gradient_accumulation_steps: 2,
      save_strategy: "steps",
      save_steps: 2,
      eval_strategy: "steps",
      eval_steps: 2,
    },
    { logger: () => {}, plugins: [defaultFlow, plugin] },
  );
}

const TRAINING_HOOKS: [HookName, TapKind][] = [
  ["trainBegin", "tapPromise"],
  ["epochBegin", "tapPromise"],
  ["stepBegin", "tapPromise"],
  ["prepareInputs", "tap"],
  ["forward", "tap"],
  ["computeLoss", "tap"],
  ["substepEnd", "tapPromise"],
  ["preOptimizerStep", "tapPromise"],
  ["optimizerStep", "tapPromise"],
  ["stepEnd", "tapPromise"],
  ["stepEnd", "tapAsync"],
  ["stepEnd", "tap"],
  ["epochEnd", "tapPromise"],
  ["log", "tapPromise"],
  ["runPredictionStep", "tapPromise"],
  ["predictionStep", "tapPromise"],
  ["postprocessPredictions", "tapPromise"],
  ["computeMetrics", "tapPromise"],
  ["evaluate", "tapPromise"],
  ["save", "tapPromise"],
  ["save", "tapAsync"],
  ["trainEnd", "tapPromise"],
];

describe("bad input: a plugin that throws in a hook", () => {
  it.each(TRAINING_HOOKS)(
    "%s (%s): the error names the plugin and the hook; training stops; only complete checkpoints remain",
    async (hook, kind) => {
      const trainer = trainerWith(throwingPlugin(hook, kind));
      const tensors = numTensors();
      const error = await rejection(trainer.train());
      expect(error).toBeInstanceOf(PluginHookError);
      expect(error.message).toBe(`plugin "${NAME}" failed in hook "${hook}": boom in ${hook}`);
      expect((error as PluginHookError).plugin).toBe(NAME);
      expect((error as PluginHookError).hook).toBe(hook);
      const dir = trainer.args.output_dir;
      await expectOnlyCompleteCheckpoints(dir);
      if (!EARLY.has(hook)) expect(checkpointNames(dir)).toContain("checkpoint-2");
      // nothing of the failed step stays in memory beyond the optimizer's own state
      trainer.optimizer?.dispose();
      expect(numTensors()).toBe(tensors);
    },
  );

  it("initEnd (tap): the Trainer's constructor throws, naming the plugin and the hook", () => {
    const error = thrown(() => trainerWith(throwingPlugin("initEnd", "tap")));
    expect(error.message).toBe(`plugin "${NAME}" failed in hook "initEnd": boom in initEnd`);
  });

  it("predict (tapPromise): predict() rejects naming the plugin and the hook", async () => {
    const trainer = trainerWith(throwingPlugin("predict", "tapPromise"));
    const error = await rejection(trainer.predict(new InMemoryDataset(toyClassificationRows(4))));
    expect(error.message).toBe(`plugin "${NAME}" failed in hook "predict": boom in predict`);
  });

  it("a failed run resumes from the checkpoint it left", async () => {
    const failed = trainerWith(throwingPlugin("stepEnd", "tapPromise"));
    await rejection(failed.train());
    const resumed = makeTrainer(
      { output_dir: failed.args.output_dir, max_steps: 4, gradient_accumulation_steps: 2, save_steps: 2 },
      { logger: () => {} },
    );
    await resumed.train({ resumeFromCheckpoint: true });
    expect(resumed.state.global_step).toBe(4);
  });
});

describe("bad input: a plugin that fails before training", () => {
  it("an apply() that throws names the plugin", () => {
    const broken = definePlugin({
      name: "broken-apply",
      apply() {
        throw new Error("needs a tokenizer");
      },
    });
    const error = thrown(() => makeTrainer({}, { plugins: [defaultFlow, broken] }));
    expect(error).toBeInstanceOf(PluginApplyError);
    expect(error.message).toBe(
      'plugin "broken-apply" failed while being applied to the Trainer: needs a tokenizer',
    );
  });

  it("invalid options name the plugin and the option", () => {
    const withOptions = definePlugin({
      name: "typed-options",
      options: z.object({ every: z.number().int().positive() }),
      apply() {},
    });
    const error = thrown(() => withOptions({ every: -1 }));
    expect(error).toBeInstanceOf(PluginOptionsError);
    expect(error.message).toMatch(/^plugin "typed-options": invalid options: every: /);
  });

  it("something that is not a plugin names its place in the list", () => {
    const error = thrown(() =>
      makeTrainer({}, { plugins: [defaultFlow, "@tfjs-trainer/plugin-progress" as never] }),
    );
    expect(error.message).toBe(
      'plugins[1]: expected a plugin (what definePlugin returns, or its call with options), got the string "@tfjs-trainer/plugin-progress" (a config names plugins; the API takes them)',
    );
  });
});
