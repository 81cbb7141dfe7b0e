import { definePlugin, type HookContext, STAGE_FLOW } from "@tfjs-trainer/core";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-default-flow";

/**
 * HF's DefaultFlowCallback: turns the logging / evaluation / save strategies into the control flags the loop acts
 * on, and stops at max_steps. At the last step a "steps" strategy also evaluates and saves, so a run whose length is
 * not a multiple of eval_steps / save_steps still ends evaluated and checkpointed (HF 5.x does the same).
 */
export default definePlugin({
  name: PLUGIN_NAME,
  apply(trainer) {
    const tap = { name: PLUGIN_NAME, stage: STAGE_FLOW };
    trainer.hooks.stepEnd.tapPromise(tap, async (ctx) => onStepEnd(ctx));
    trainer.hooks.epochEnd.tapPromise(tap, async (ctx) => onEpochEnd(ctx));
  },
});

function onStepEnd({ args, state, control }: HookContext): void {
  const step = state.global_step;
  if (step === 1 && args.logging_first_step) control.should_log = true;
  if (args.logging_strategy === "steps" && step % state.logging_steps === 0) control.should_log = true;
  const evalDue = args.eval_strategy === "steps" && args.eval_delay <= step;
  if (evalDue && step % state.eval_steps === 0) control.should_evaluate = true;
  if (args.save_strategy === "steps" && state.save_steps > 0 && step % state.save_steps === 0) {
    control.should_save = true;
  }
  if (step >= state.max_steps) {
    control.should_training_stop = true;
    if (args.save_strategy === "steps") control.should_save = true;
    if (evalDue) control.should_evaluate = true;
  }
}

function onEpochEnd({ args, state, control }: HookContext): void {
  if (args.logging_strategy === "epoch") control.should_log = true;
  if (args.eval_strategy === "epoch" && args.eval_delay <= (state.epoch ?? 0)) control.should_evaluate = true;
  if (args.save_strategy === "epoch") control.should_save = true;
}
