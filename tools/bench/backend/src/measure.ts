import { emit } from "./row.js";

/** A timed run should last at least this long, so timer resolution and dispatch jitter stay small beside it. */
const MIN_RUN_MS = 25;
const MAX_OPS_PER_RUN = 200;
const SLOW_RUN_MS = 10_000;

export interface MeasureOptions {
  repeats: number;
  budgetMs: number;
  /** When the row began (setup counts against its budget). */
  startedAt: number;
}

/** Runs `count` operations and resolves when their work is done (an asynchronous backend reads a result back). */
export type RunOps = (count: number) => Promise<void>;

async function timeOps(runOps: RunOps, count: number): Promise<number> {
  const start = performance.now();
  await runOps(count);
  return performance.now() - start;
}

/**
 * Warms up (shader compilation, first allocations), then emits the time per operation of up to `repeats` timed
 * runs. A fast operation runs several times per timed run, waited for once at the end, as a training loop issues
 * them: the time is the device's, not a read-back round trip per operation. A first run of over SLOW_RUN_MS counts
 * as a timed run: what a warm-up removes is lost in it, and a separate one would cost as much as a run.
 */
export async function measure(op: RunOps, options: MeasureOptions): Promise<void> {
  emit({ started: true });
  const first = await timeOps(op, 1);
  let opsPerRun = 1;
  let lastRun = first;
  let run = 0;
  if (first >= SLOW_RUN_MS) {
    emit({ sample: first });
    emit({ note: `no separate warm-up (a run takes over ${SLOW_RUN_MS / 1000} s)` });
    run = 1;
  } else {
    // a second warm-up when the first was cheap: some backends compile per shape on the second call as well
    const single = first < 2000 ? await timeOps(op, 1) : first;
    opsPerRun = Math.min(MAX_OPS_PER_RUN, Math.max(1, Math.ceil(MIN_RUN_MS / Math.max(single, 1e-3))));
    lastRun = single * opsPerRun;
  }
  for (; run < options.repeats; run++) {
    const elapsed = performance.now() - options.startedAt;
    if (run > 0 && elapsed + lastRun > options.budgetMs) {
      emit({
        note: `${run} of ${options.repeats} runs within the ${Math.round(options.budgetMs / 1000)} s budget`,
      });
      break;
    }
    lastRun = await timeOps(op, opsPerRun);
    emit({ sample: lastRun / opsPerRun });
  }
  if (opsPerRun > 1) emit({ note: `${opsPerRun} ops per timed run` });
}
