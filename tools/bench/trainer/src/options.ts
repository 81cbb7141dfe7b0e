import type { CheckpointModelName } from "./case-spec.js";

/** How much of everything the bench runs: the full table, or a quick check of every row on small sizes. */
export interface Sizes {
  /** Rounds of the step comparisons (each round runs every row once, in its own process). */
  stepRounds: number;
  /** Throwaway runs (or epochs) before each measured one, for at least this long. */
  warmupMs: number;
  bertSmall: { warmup: number; steps: number };
  tiny: { warmup: number; steps: number };
  fitSteps: number;
  hookCalls: number;
  hookRepeats: number;
  checkpointModel: CheckpointModelName;
  checkpointRepeats: number;
  resumeRows: number[];
  resumeRuns: number;
  evalExamples: number;
  evalAccumulationSteps: number;
  evalRuns: number;
  /** A measurement process is killed after this long. */
  capMs: number;
}

export interface BenchOptions {
  quick: boolean;
  /** Only sections whose title contains this (case-insensitive). */
  only?: string;
  sizes: Sizes;
}

const FULL: Sizes = {
  stepRounds: 7,
  warmupMs: 1500,
  bertSmall: { warmup: 5, steps: 20 },
  tiny: { warmup: 20, steps: 100 },
  fitSteps: 50,
  hookCalls: 200_000,
  hookRepeats: 5,
  checkpointModel: "bert-mini",
  checkpointRepeats: 3,
  resumeRows: [10_000, 1_000_000],
  resumeRuns: 3,
  evalExamples: 10_000,
  evalAccumulationSteps: 10,
  evalRuns: 3,
  capMs: 300_000,
};

const QUICK: Sizes = {
  stepRounds: 1,
  warmupMs: 0,
  bertSmall: { warmup: 1, steps: 3 },
  tiny: { warmup: 5, steps: 20 },
  fitSteps: 10,
  hookCalls: 20_000,
  hookRepeats: 5,
  checkpointModel: "bert-tiny",
  checkpointRepeats: 3,
  resumeRows: [10_000],
  resumeRuns: 1,
  evalExamples: 1_000,
  evalAccumulationSteps: 10,
  evalRuns: 1,
  capMs: 120_000,
};

export const USAGE = `usage: bench.mjs [--quick] [--only TEXT]
  Measures, each timed thing in a process of its own, on tfjs wasm with our training kernels:
    the Trainer's per-step overhead over a hand-written tfjs loop (no plugins, the default plugins, and with
    progress + TensorBoard + early stopping + checkpoint rotation), on a small BERT and on a tiny model;
    the Trainer against tfjs-layers model.fit on the same LayersModel; hook dispatch per event with 0, 5 and 20
    taps; checkpoint save and load of BERT-mini against raw file I/O of the same bytes; the time to the first new
    step when resuming at 10/50/90 % of an epoch of 10k and 1M rows; evaluation memory over 10k examples with and
    without eval_accumulation_steps.
  Prints one markdown table, with the machine, on stdout (progress on stderr).
  --quick   every row on small sizes (few steps, tiny models, 1k-10k rows, mostly one run): a check that it all
            runs, not a measurement
  --only    only the sections whose title contains TEXT (steps, fit, hook, checkpoint, resume, evaluation)`;

export function parseOptions(args: string[]): BenchOptions {
  let only: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--quick") continue;
    if (arg === "--only") {
      only = args[++i];
      if (only === undefined || only.startsWith("--")) throw new Error(`--only needs a value\n${USAGE}`);
      continue;
    }
    throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  const quick = args.includes("--quick");
  return { quick, only: only?.toLowerCase(), sizes: quick ? QUICK : FULL };
}
