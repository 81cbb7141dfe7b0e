import { definePlugin, type HookContext, STAGE_REPORT } from "@tfjs-trainer/core";
import { z } from "zod";
import { formatPostfixNumber } from "./bar-line.js";
import { type Bar, BarDisplay, type ProgressStream } from "./bars.js";
import { formatLogs } from "./format-logs.js";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-progress";

/** "auto": bars on a terminal, lines otherwise; "bars" / "lines" choose. `disable_tqdm` always means lines. */
export const PROGRESS_MODES = ["auto", "bars", "lines"] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

const isWritable = (value: unknown): value is ProgressStream =>
  typeof value === "object" && value !== null && typeof (value as { write?: unknown }).write === "function";

const options = z.object({
  /** Where bars and lines are written (default process.stdout, read when the plugin is applied). */
  stream: z
    .custom<ProgressStream>(isWritable, {
      message: "must be a writable stream (an object with a write method)",
    })
    .optional(),
  /** "auto" draws bars when the stream is a terminal (`isTTY`), else prints lines. */
  mode: z.enum(PROGRESS_MODES).default("auto"),
  /** Bars are redrawn at most this often, in milliseconds, however fast steps go (tqdm's mininterval: 0.1 s). */
  redrawIntervalMs: z.number().int().min(10).max(60_000).default(100),
  /**
   * While bars are drawn, the trainer's own messages (trainer.logger: "Loading best model …", warnings) are written
   * as lines above the bars, as log lines are; otherwise a message written in between leaves a stale bar on screen.
   * False keeps them going to the trainer's logger as they are.
   */
  routeTrainerMessages: z.boolean().default(true),
});

export type ProgressOptions = z.input<typeof options>;

/**
 * HF's ProgressCallback and PrinterCallback in one plugin. With bars: a bar over the optimizer steps (total
 * max_steps) advanced at stepEnd and showing the last logged loss and learning_rate; a bar over the evaluation or
 * prediction batches, advanced at predictionStep and closed when evaluate/predict ends (left on screen only outside
 * training, as tqdm's leave); each log written as a line above the bars while training. With lines (no terminal, or
 * disable_tqdm): each log printed as one line. Logs are printed as HF prints them (Python's dict format, without
 * total_flos). Only the main process writes.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options,
  apply(trainer, { stream: given, mode, redrawIntervalMs, routeTrainerMessages }) {
    const stream: ProgressStream = given ?? process.stdout;
    const tap = { name: PLUGIN_NAME, stage: STAGE_REPORT };
    let display: BarDisplay | undefined;
    let trainingBar: Bar | undefined;
    let predictionBar: Bar | undefined;
    const shown: Record<string, number> = {}; // last logged loss and learning_rate

    const useBars = ({ args }: HookContext) =>
      !args.disable_tqdm && (mode === "bars" || (mode === "auto" && stream.isTTY === true));
    const openDisplay = () => {
      if (!display?.isActive) display = new BarDisplay(stream, redrawIntervalMs);
      return display;
    };
    const trainerLogger = trainer.logger;
    if (routeTrainerMessages) {
      trainer.logger = (message) => (display?.isActive ? display.log(message) : trainerLogger(message));
    }
    const closeDisplay = () => {
      display?.stop();
      display = undefined;
      trainingBar = undefined;
      predictionBar = undefined;
      for (const key of Object.keys(shown)) delete shown[key];
    };
    const closePredictionBar = ({ state }: HookContext) => {
      if (!state.is_world_process_zero || !predictionBar || !display) return;
      if (trainingBar) display.remove(predictionBar);
      else closeDisplay();
      predictionBar = undefined;
    };

    trainer.hooks.trainBegin.tapPromise(tap, async (ctx) => {
      closeDisplay(); // bars a failed run left behind
      if (!ctx.state.is_world_process_zero || !useBars(ctx)) return;
      trainingBar = openDisplay().create(ctx.state.max_steps, ctx.state.global_step);
    });

    trainer.hooks.stepEnd.tapPromise(tap, async ({ state }) => {
      trainingBar?.update(state.global_step);
    });

    trainer.hooks.predictionStep.tapPromise(tap, async (ctx) => {
      if (!ctx.state.is_world_process_zero || !useBars(ctx)) return;
      // an iterable dataset has no length: a count without a total
      predictionBar ??= openDisplay().create(ctx.evalDataloader?.length);
      predictionBar.increment();
    });

    trainer.hooks.evaluate.tapPromise(tap, async (ctx) => closePredictionBar(ctx));
    trainer.hooks.predict.tapPromise(tap, async (ctx) => closePredictionBar(ctx));

    trainer.hooks.log.tapPromise(tap, async (ctx, logs) => {
      if (!useBars(ctx)) {
        if (ctx.state.is_local_process_zero) stream.write(`${formatLogs(logs)}\n`);
        return;
      }
      if (!ctx.state.is_world_process_zero || !trainingBar || !display) return;
      let changed = false;
      for (const key of POSTFIX_KEYS) {
        if (logs[key] === undefined) continue;
        shown[key] = logs[key];
        changed = true;
      }
      if (changed) trainingBar.setPostfix(postfixOf(shown));
      display.log(formatLogs(logs, { roundEpoch: true })); // redraws the bars below the line, with the new values
    });

    trainer.hooks.trainEnd.tapPromise(tap, async () => closeDisplay());
  },
});

/** The training bar shows the last logged value of these keys. */
const POSTFIX_KEYS = ["loss", "learning_rate"] as const;

/** `loss=0.6931, learning_rate=5e-5`, as tqdm writes a postfix. */
function postfixOf(values: Record<string, number>): string {
  return POSTFIX_KEYS.filter((key) => values[key] !== undefined)
    .map((key) => `${key}=${formatPostfixNumber(values[key])}`)
    .join(", ");
}
