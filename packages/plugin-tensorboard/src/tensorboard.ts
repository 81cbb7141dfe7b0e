import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { definePlugin, type HookContext, STAGE_REPORT } from "@tfjs-trainer/core";
import type { SummaryWriter } from "@tfjs-trainer/tfevents";
import { z } from "zod";
import { configJSONString, defaultLogDir, rewriteLogKey, scalarArguments } from "./hf-conventions.js";
import { SafeWriter } from "./safe-writer.js";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-tensorboard";

export const HISTOGRAM_KINDS = ["weights", "gradients"] as const;

const options = z.strictObject({
  /** The run folder; default: args.logging_dir, else HF's `<output_dir>/runs/<Mon>DD_HH-MM-SS_<host>`. */
  log_dir: z.string().min(1).optional(),
  /** Write histograms every this many optimizer steps (0, the default: never). */
  histogram_steps: z.number().int().nonnegative().default(0),
  /** Which histograms: the weights after the step, the gradients the optimizer is about to apply. */
  histograms: z.array(z.enum(HISTOGRAM_KINDS)).default([...HISTOGRAM_KINDS]),
});

export type TensorBoardOptions = z.input<typeof options>;

/**
 * HF's TensorBoardCallback: at train begin the texts `args` (the training arguments as JSON) and `model_config`;
 * each log's numbers as scalars at global_step with HF's tags (`eval_x` → `eval/x`, `test_x` → `test/x`, other →
 * `train/x`), flushed at once; at train end the hyperparameters (the arguments that are numbers, strings or
 * booleans) with every scalar tag as a metric, for the HParams tab, then the file is closed — a log after that (an
 * evaluation after training) opens a new file in the same folder, as HF does. Optionally, histograms of the weights
 * and gradients every `histogram_steps` steps. A failure to write is reported once through the trainer's logger
 * and never stops training.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options,
  apply(trainer, opts) {
    // HF fixes its default logging_dir when the arguments are made, so every file of a trainer goes to one folder.
    const baseDir = opts.log_dir ?? trainer.args.logging_dir ?? defaultLogDir(trainer.args.output_dir);
    const out = new SafeWriter(PLUGIN_NAME, (message) => trainer.logger(message));
    let logDir = baseDir;
    let trainStart = Date.now() / 1000;
    const tap = { name: PLUGIN_NAME, stage: STAGE_REPORT };
    const every = opts.histogram_steps;
    const wants = new Set(opts.histograms);

    trainer.hooks.trainBegin.tapPromise(tap, async ({ args, state, model }) => {
      if (!state.is_world_process_zero) return;
      trainStart = Date.now() / 1000;
      logDir = state.is_hyper_param_search && state.trial_name ? join(baseDir, state.trial_name) : baseDir;
      await out.use(logDir, (writer) => {
        writer.addText("args", args.toJSONString());
        if (model.config) writer.addText("model_config", configJSONString(model.config));
      });
      await out.flush();
    });

    trainer.hooks.log.tapPromise(tap, async ({ state }, logs) => {
      if (!state.is_world_process_zero) return;
      for (const [key, value] of Object.entries(logs)) {
        if (typeof value === "number") out.addScalar(logDir, rewriteLogKey(key), value, state.global_step);
      }
      await out.flush();
    });

    if (every > 0 && wants.has("gradients")) {
      trainer.hooks.preOptimizerStep.tapPromise(tap, async ({ state, trainer: t }) => {
        const step = state.global_step + 1; // the step these gradients make
        const grads = t.loop.accumulatedGrads;
        if (!state.is_world_process_zero || step % every !== 0 || !grads) return;
        await out.use(logDir, (writer) => writeHistograms(writer, "gradients", Object.entries(grads), step));
      });
    }

    if (every > 0 && wants.has("weights")) {
      trainer.hooks.stepEnd.tapPromise(tap, async ({ state, model }) => {
        if (!state.is_world_process_zero || state.global_step % every !== 0) return;
        const weights = model.namedParameters().map((p) => [p.name, p.variable] as const);
        await out.use(logDir, (writer) => writeHistograms(writer, "weights", weights, state.global_step));
      });
    }

    trainer.hooks.trainEnd.tapPromise(tap, async (ctx) => {
      if (!ctx.state.is_world_process_zero) return;
      await out.use(logDir, (writer) => writeHparams(writer, ctx, out.scalarTags, trainStart));
      await out.close();
    });
  },
});

/**
 * One histogram per tensor, read with `data()`, which makes no tensor. A tensor none of whose values falls in
 * TensorFlow's buckets (all NaN, say, after a divergence) has no histogram and is skipped.
 */
async function writeHistograms(
  writer: SummaryWriter,
  group: string,
  tensors: Iterable<readonly [string, tf.Tensor]>,
  step: number,
): Promise<void> {
  for (const [name, tensor] of tensors) {
    const values = (await tensor.data()) as ArrayLike<number>;
    try {
      writer.addHistogram(`${group}/${name}`, values, step);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
}

function writeHparams(
  writer: SummaryWriter,
  { args, state }: HookContext,
  tags: Set<string>,
  start: number,
): void {
  writer.addHparams(
    {
      hparams: scalarArguments(args.toDict()),
      metrics: [...tags],
      status: "STATUS_SUCCESS",
      startTimeSecs: start,
      endTimeSecs: Date.now() / 1000,
    },
    state.global_step,
  );
}
