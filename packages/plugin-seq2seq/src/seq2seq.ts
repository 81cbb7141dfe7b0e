import { definePlugin, type TrainableModel, type Trainer } from "@tfjs-trainer/core";
import {
  loadGenerationConfigArgument,
  requireGenerativeModel,
  setModelGenerationConfig,
} from "./generation-config.js";
import { mergeGenerationKwargs, registerRuntime, Seq2SeqRuntime } from "./generation-kwargs.js";
import { withIgnoreIndexReplaced } from "./ignore-index.js";
import { resolveSettings, seq2seqOptionsSchema } from "./options.js";
import { generationPredictionStep } from "./prediction-step.js";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-seq2seq";

/**
 * HF's Seq2SeqTrainer as a plugin. With predict_with_generate, each evaluation/prediction step that is not
 * loss-only generates (runPredictionStep): the generated ids, padded as HF pads them, are the step's predictions, and
 * the loss comes from a forward pass. generation_max_length / generation_num_beams fill max_length / num_beams of
 * generate() unless the evaluate()/predict() call sets them (withGenerationKwargs); generation_config replaces the
 * model's generation config when the trainer is built, as HF's constructor does.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options: seq2seqOptionsSchema,
  apply(trainer, options) {
    const settings = resolveSettings(options, trainer.args);
    const runtime = new Seq2SeqRuntime(settings);
    registerRuntime(trainer, runtime);
    if (settings.predict_with_generate) requireGenerativeModel(trainer.model);
    if (settings.generation_config !== null) {
      setModelGenerationConfig(trainer.model, loadGenerationConfigArgument(settings.generation_config));
    }
    const padTokenId = () => resolvePadTokenId(options.padTokenId, trainer.model);
    trackPredictionLossOnly(trainer, runtime);

    trainer.hooks.trainBegin.tapPromise(PLUGIN_NAME, async () => {
      runtime.trainDepth++;
    });
    trainer.hooks.trainEnd.tapPromise(PLUGIN_NAME, async () => {
      runtime.trainDepth--;
    });
    trainer.hooks.runPredictionStep.tapPromise(PLUGIN_NAME, async (inputs, ctx) => {
      // HF: `if not self.args.predict_with_generate or prediction_loss_only: return super().prediction_step(...)`
      if (!settings.predict_with_generate || predictionLossOnly(trainer, runtime)) return undefined;
      return generationPredictionStep(trainer, inputs, ctx, {
        model: requireGenerativeModel(trainer.model),
        kwargs: mergeGenerationKwargs(runtime.callKwargs(), settings),
        padTokenId,
      });
    });
    const where = options.replaceIgnoreIndex;
    if (where !== "none") {
      trainer.hooks.postprocessPredictions.tapPromise(PLUGIN_NAME, async (output) =>
        withIgnoreIndexReplaced(output, where, padTokenId),
      );
    }
  },
});

/**
 * The runPredictionStep hook is not told prediction_loss_only, which decides in HF whether the step generates; it
 * is read from the trainer's predictionStep, and whether an evaluate() is running from evaluate (both override
 * points), each wrapped so that a subclass's override still runs.
 */
function trackPredictionLossOnly(trainer: Trainer, runtime: Seq2SeqRuntime): void {
  const evaluate = trainer.evaluate.bind(trainer);
  trainer.evaluate = async (options) => {
    runtime.evaluateDepth++;
    try {
      return await evaluate(options);
    } finally {
      runtime.evaluateDepth--;
    }
  };
  const step = trainer.predictionStep.bind(trainer);
  trainer.predictionStep = async (batch, predictionLossOnly, ignoreKeys) => {
    const previous = runtime.predictionLossOnly;
    runtime.predictionLossOnly = predictionLossOnly;
    try {
      return await step(batch, predictionLossOnly, ignoreKeys);
    } finally {
      runtime.predictionLossOnly = previous;
    }
  };
}

/**
 * HF's prediction_loss_only for this step: the value the loop passes, or true in an evaluate() without
 * compute_metrics (HF's evaluate passes `True if self.compute_metrics is None`). The core also counts hooks that want
 * predictions; this plugin's own -100 replacement does not make generation worth running.
 */
function predictionLossOnly(trainer: Trainer, runtime: Seq2SeqRuntime): boolean {
  if (runtime.predictionLossOnly) return true;
  if (runtime.evaluateDepth === 0 || trainer.computeMetrics !== undefined) return false;
  const { computeMetrics, postprocessPredictions } = trainer.hooks;
  const wanted =
    computeMetrics.taps.length > 0 || postprocessPredictions.taps.some((t) => t.name !== PLUGIN_NAME);
  return !wanted;
}

/** HF's _pad_tensors_to_max_len: the tokenizer's pad id (here the option), else the model config's pad_token_id. */
function resolvePadTokenId(option: number | null, model: TrainableModel): number {
  if (option !== null) return option;
  const fromConfig = (model.config as { pad_token_id?: unknown } | undefined)?.pad_token_id;
  if (typeof fromConfig === "number" && Number.isInteger(fromConfig)) return fromConfig;
  throw new Error(
    "pad_token_id must be set in the configuration of the model (or the seq2seq plugin's padTokenId), " +
      "in order to pad tensors",
  );
}
