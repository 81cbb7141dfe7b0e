import { join } from "node:path";
import {
  definePlugin,
  type ExportedState,
  type HookContext,
  STAGE_REPORT,
  type Trainer,
} from "@tfjs-trainer/core";
import { rewriteLogs, runConfig, runDisplayName, STEP_METRIC, splitLogs } from "./hf-rules.js";
import { PLUGIN_NAME, resolveSettings, type WandbOptions, wandbOptionsSchema } from "./options.js";
import { describeError, Reporter } from "./reporter.js";
import { type SavedRunState, WandbRun } from "./wandb-run.js";

/** Key of the plugin's state in trainer_state.json → stateful_callbacks. */
export const STATE_KEY = "WandbCallback";

/**
 * HF's WandbCallback over W&B's HTTP protocol. At train begin (or at the first log outside training) the run is
 * created with the model config and the training arguments; each log becomes a history row (HF's key rewrite, with
 * `train/global_step`), the end-of-training figures go to the summary, predict() metrics are logged too; train end
 * flushes and marks the run complete. A run that throws out of train() is marked failed (exit code 1). Offline (the
 * default without WANDB_API_KEY) everything goes to `<output_dir>/wandb/offline-run-…/` for a later sync.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options: wandbOptionsSchema,
  stateKey: STATE_KEY,
  apply(trainer, options) {
    const settings = resolveSettings(options);
    if (settings.mode === "disabled") return;
    const reporter = new Reporter(trainer.logger);
    if (settings.note) reporter.infoOnce("mode", settings.note);
    let run: WandbRun | undefined;
    let resume: SavedRunState | undefined;
    let training = false;

    const ensureRun = (ctx: HookContext): WandbRun | undefined => {
      try {
        if (resume) {
          run?.close();
          run = startRun(ctx, options, settings, reporter, resume);
          resume = undefined;
        } else if (!run) {
          run = startRun(ctx, options, settings, reporter);
        } else if (run.finished) {
          run.reopen();
        }
      } catch (error) {
        reporter.once("start", `could not start the W&B run (${describeError(error)}); nothing is reported`);
      }
      return run;
    };
    const guard = async (what: string, task: () => Promise<void> | void) => {
      try {
        await task();
      } catch (error) {
        reporter.once(`hook:${what}`, `${what} failed (${describeError(error)}); training goes on`);
      }
    };
    const tap = { name: PLUGIN_NAME, stage: STAGE_REPORT };

    trainer.hooks.trainBegin.tapPromise(tap, (ctx) =>
      guard("trainBegin", () => {
        training = true;
        ensureRun(ctx);
      }),
    );
    trainer.hooks.log.tapPromise(tap, (ctx, logs) =>
      guard("log", async () => {
        const current = ensureRun(ctx);
        if (!current) return;
        const { history, summary } = splitLogs(logs);
        current.updateSummary(summary);
        current.log({ ...history, [STEP_METRIC]: ctx.state.global_step });
        if (!training) await current.finish(0);
      }),
    );
    trainer.hooks.predict.tapPromise(tap, (ctx, metrics) =>
      guard("predict", async () => {
        const current = ensureRun(ctx);
        if (!current) return;
        current.log(rewriteLogs(metrics));
        if (!training) await current.finish(0);
      }),
    );
    trainer.hooks.trainEnd.tapPromise(tap, () =>
      guard("trainEnd", async () => {
        training = false;
        await run?.finish(0);
      }),
    );
    markFailedRuns(trainer, async () => {
      if (!training) return;
      training = false;
      await run?.finish(1);
    });

    return {
      state: (): ExportedState => {
        const saved = run?.exportState();
        return {
          args: {
            project: saved?.project ?? settings.project,
            entity: saved?.entity ?? settings.entity ?? null,
          },
          attributes: saved
            ? {
                run_id: saved.runId,
                run_dir: saved.runDir,
                history_lines: saved.historyLines,
                acked_lines: saved.ackedLines,
                runtime: saved.runtime,
              }
            : {},
        };
      },
      loadState: (saved) => {
        resume = readSavedState(saved);
      },
    };
  },
});

function startRun(
  ctx: HookContext,
  options: WandbOptions,
  settings: ReturnType<typeof resolveSettings>,
  reporter: Reporter,
  resume?: SavedRunState,
): WandbRun {
  return new WandbRun({
    settings,
    options,
    root: join(options.dir ?? ctx.args.output_dir, "wandb"),
    displayName: runDisplayName(ctx.args),
    config: runConfig(ctx.model, ctx.args),
    reporter,
    resume,
  });
}

/**
 * The core has no hook for a train() that throws, so train() is wrapped on this trainer instance: the run is marked
 * failed (exit code 1, as the SDK does for a crashed script) and the error goes on unchanged.
 */
function markFailedRuns(trainer: Trainer, onFailure: () => Promise<void>): void {
  const train = trainer.train;
  trainer.train = async function (this: Trainer, ...args: Parameters<Trainer["train"]>) {
    try {
      return await train.apply(this, args);
    } catch (error) {
      await onFailure().catch(() => undefined);
      throw error;
    }
  };
}

function readSavedState(saved: ExportedState): SavedRunState | undefined {
  const a = saved.attributes ?? {};
  const args = saved.args ?? {};
  if (typeof a.run_id !== "string" || typeof a.history_lines !== "number") return undefined;
  return {
    runId: a.run_id,
    runDir: typeof a.run_dir === "string" ? a.run_dir : "",
    project: typeof args.project === "string" ? args.project : "",
    entity: typeof args.entity === "string" ? args.entity : null,
    historyLines: a.history_lines,
    ackedLines: typeof a.acked_lines === "number" ? a.acked_lines : 0,
    runtime: typeof a.runtime === "number" ? a.runtime : 0,
  };
}
