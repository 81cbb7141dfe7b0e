import { createTrainerHooks, type StepContext, type TensorBatch } from "@tfjs-trainer/core";
import type { HooksCase } from "../case-spec.js";
import { report } from "../protocol.js";

/**
 * The cost of one hook call with `taps` plugins tapped, each doing nothing: the trainer's own hooks object (with
 * the interceptor that makes a tap's error name its plugin). "async-event" is stepEnd, an AsyncSeriesHook awaited
 * as the loop awaits it, with async taps; "sync-event" the same with synchronous taps (a plugin's `tap()` on an
 * event hook); "sync-waterfall" is prepareInputs, a SyncWaterfallHook called in every step.
 */
export async function runHooksCase(spec: HooksCase): Promise<void> {
  const hooks = createTrainerHooks();
  const ctx = { state: {}, control: {}, training: true } as unknown as StepContext;
  const batch: TensorBatch = {};
  for (let i = 0; i < spec.taps; i++) {
    const name = `@bench/plugin-${i}`;
    if (spec.hook === "sync-event") hooks.stepEnd.tap(name, () => {});
    else hooks.stepEnd.tapPromise(name, async () => {});
    hooks.prepareInputs.tap(name, (inputs) => inputs);
  }
  const callMany =
    spec.hook !== "sync-waterfall"
      ? async (count: number) => {
          for (let i = 0; i < count; i++) await hooks.stepEnd.promise(ctx);
        }
      : async (count: number) => {
          let inputs = batch;
          for (let i = 0; i < count; i++) inputs = hooks.prepareInputs.call(inputs, ctx);
          if (inputs !== batch) throw new Error("prepareInputs changed the batch");
        };
  // tapable compiles a hook's caller on first call; V8 then optimises the loop
  await callMany(spec.calls);
  for (let run = 0; run < spec.repeats; run++) {
    const start = performance.now();
    await callMany(spec.calls);
    report({ run: { usPerEvent: ((performance.now() - start) * 1000) / spec.calls } });
  }
  if (spec.hook === "async-event" && spec.taps === 0)
    report({ note: `a bare await: ${await bareAwaitUs(spec.calls)} µs` });
}

/** What awaiting an already resolved promise costs here: the floor under any awaited hook. */
async function bareAwaitUs(calls: number): Promise<string> {
  const resolved = Promise.resolve();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await resolved;
  return (((performance.now() - start) * 1000) / calls).toFixed(3);
}
