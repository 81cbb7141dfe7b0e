import { definePlugin, STAGE_DEFAULT, STAGE_FLOW } from "@tfjs-trainer/core";
import { EmaRun } from "./ema-run.js";
import { emaOptions } from "./options.js";

export const PLUGIN_NAME = "@tfjs-trainer/example-ema-plugin";

/**
 * Swapping runs before every other tap of the evaluation hooks: a plugin that replaces the prediction step
 * (seq2seq generation) must already see the averages, and nothing after an evaluation may see them.
 */
export const STAGE_EMA_SWAP = STAGE_FLOW * 10;

/**
 * An exponential moving average of the trainable weights, updated after every optimizer step; evaluation and
 * prediction use it (`use_for_evaluation`), and every checkpoint keeps it in ema.safetensors (its step and file
 * name under trainer_state.json → stateful_callbacks.EmaWeights), so a resumed run's average is bit-identical to
 * an uninterrupted run's.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options: emaOptions,
  stateKey: "EmaWeights",
  apply(trainer, options) {
    const run = new EmaRun(trainer, options, `plugin "${PLUGIN_NAME}"`);
    const { hooks } = trainer;
    const tap = { name: PLUGIN_NAME, stage: STAGE_DEFAULT };
    const swap = { name: PLUGIN_NAME, stage: STAGE_EMA_SWAP };
    hooks.trainBegin.tapPromise({ name: PLUGIN_NAME, stage: STAGE_FLOW }, (ctx) => run.trainBegin(ctx));
    hooks.optimizerStep.tapPromise(tap, async (ctx) => run.optimizerStep(ctx));
    hooks.runPredictionStep.tapPromise(swap, async (_inputs, ctx) => {
      run.evaluationBatch(ctx);
      return undefined;
    });
    hooks.evaluate.tapPromise(swap, async () => run.swapOut());
    hooks.predict.tapPromise(swap, async () => run.swapOut());
    // a failed evaluation that was caught must not leave the averages in the model for training
    hooks.stepBegin.tapPromise(swap, async () => run.swapOut());
    hooks.trainEnd.tapPromise(tap, async (ctx) => run.trainEnd(ctx));
    return {
      state: () => run.state(),
      loadState: (saved, { checkpointDir }) => run.loadState(saved, checkpointDir),
      // written into the checkpoint while it is being written, so no checkpoint ever lacks its averages
      saveFiles: (dir) => run.save(dir),
    };
  },
});
