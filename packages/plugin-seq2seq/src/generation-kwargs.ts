import type { AnyDataset, PredictionOutput, Trainer } from "@tfjs-trainer/core";
import type { Seq2SeqSettings } from "./options.js";

/** Keyword arguments of HF's generate() (snake_case: max_length, max_new_tokens, num_beams, …). */
export type GenerationKwargs = Record<string, unknown>;

/** Kwargs that change nothing on one process (HF sets synced_gpus for DeepSpeed ZeRO-3 and FSDP). */
const NEUTRAL_KWARGS = ["synced_gpus"];

/**
 * HF's Seq2SeqTrainer.evaluate/predict and prediction_step: the kwargs of the call, with generation_max_length
 * filling max_length when the call sets neither max_length nor max_new_tokens, and generation_num_beams filling
 * num_beams when the call leaves it unset; a null max_length or num_beams is then dropped (the model's generation
 * config decides), as is synced_gpus.
 */
export function mergeGenerationKwargs(
  call: GenerationKwargs,
  settings: Pick<Seq2SeqSettings, "generation_max_length" | "generation_num_beams">,
): GenerationKwargs {
  const kwargs: GenerationKwargs = { ...call };
  const unset = (name: string) => kwargs[name] === undefined || kwargs[name] === null;
  if (unset("max_length") && unset("max_new_tokens") && settings.generation_max_length !== null) {
    kwargs.max_length = settings.generation_max_length;
  }
  if (unset("num_beams") && settings.generation_num_beams !== null) {
    kwargs.num_beams = settings.generation_num_beams;
  }
  for (const name of ["max_length", "num_beams"]) if (unset(name)) delete kwargs[name];
  for (const name of NEUTRAL_KWARGS) delete kwargs[name];
  for (const [name, value] of Object.entries(kwargs)) if (value === undefined) delete kwargs[name];
  return kwargs;
}

interface CallScope {
  kwargs: GenerationKwargs;
  /** The trainer's train() nesting when the scope opened: evaluations of a train() started inside use the arguments. */
  trainDepth: number;
}

/** What the plugin keeps per trainer between the hooks of one evaluation. */
export class Seq2SeqRuntime {
  readonly scopes: CallScope[] = [];
  trainDepth = 0;
  /** prediction_loss_only of the prediction step being run (HF passes it to prediction_step). */
  predictionLossOnly: boolean | undefined;
  /** evaluate() calls running (HF's evaluate makes a run without compute_metrics loss-only). */
  evaluateDepth = 0;

  constructor(readonly settings: Seq2SeqSettings) {}

  /** The kwargs given to the evaluate()/predict() call being run; empty during train(). */
  callKwargs(): GenerationKwargs {
    const scope = this.scopes.at(-1);
    return scope && scope.trainDepth === this.trainDepth ? scope.kwargs : {};
  }
}

const RUNTIMES = new WeakMap<Trainer, Seq2SeqRuntime>();

export function registerRuntime(trainer: Trainer, runtime: Seq2SeqRuntime): void {
  if (RUNTIMES.has(trainer)) throw new Error("the seq2seq plugin is applied twice to one trainer");
  RUNTIMES.set(trainer, runtime);
}

/** The plugin's state on this trainer (its resolved settings among it); throws when the plugin is not applied. */
export function seq2seqRuntime(trainer: Trainer): Seq2SeqRuntime {
  const runtime = RUNTIMES.get(trainer);
  if (!runtime) {
    throw new Error("this trainer has no seq2seq plugin: add @tfjs-trainer/plugin-seq2seq to its plugins");
  }
  return runtime;
}

/**
 * Runs `run` with generation kwargs for the evaluate()/predict() calls it makes, as HF's
 * `trainer.evaluate(**gen_kwargs)`: they win over generation_max_length / generation_num_beams, which still fill
 * what they leave unset. Evaluations inside a train() started by `run` use the arguments alone, as in HF.
 *
 * ```ts
 * const metrics = await withGenerationKwargs(trainer, { num_beams: 4, max_new_tokens: 32 }, () => trainer.evaluate());
 * ```
 */
export async function withGenerationKwargs<T>(
  trainer: Trainer,
  kwargs: GenerationKwargs,
  run: () => Promise<T> | T,
): Promise<T> {
  const runtime = seq2seqRuntime(trainer);
  const scope: CallScope = { kwargs: { ...kwargs }, trainDepth: runtime.trainDepth };
  runtime.scopes.push(scope);
  try {
    return await run();
  } finally {
    runtime.scopes.splice(runtime.scopes.lastIndexOf(scope), 1);
  }
}

type EvaluateOptions = NonNullable<Parameters<Trainer["evaluate"]>[0]>;
type PredictOptions = NonNullable<Parameters<Trainer["predict"]>[1]>;

/** HF's `Seq2SeqTrainer.evaluate(..., **gen_kwargs)`: trainer.evaluate(options) with these generation kwargs. */
export function evaluateWithGeneration(
  trainer: Trainer,
  kwargs: GenerationKwargs,
  options: EvaluateOptions = {},
): Promise<Record<string, number>> {
  return withGenerationKwargs(trainer, kwargs, () => trainer.evaluate(options));
}

/** HF's `Seq2SeqTrainer.predict(test_dataset, ..., **gen_kwargs)`. */
export function predictWithGeneration(
  trainer: Trainer,
  testDataset: AnyDataset,
  kwargs: GenerationKwargs,
  options: PredictOptions = {},
): Promise<PredictionOutput> {
  return withGenerationKwargs(trainer, kwargs, () => trainer.predict(testDataset, options));
}
