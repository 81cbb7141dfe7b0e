import { KILL_AIMS, type KillAim } from "./kill-plan.js";
import { MODELS, type RunSpec } from "./run-spec.js";

export interface CliOptions {
  trials: number;
  seed: number;
  spec: RunSpec;
  aim?: KillAim;
  keep: boolean;
}

export const USAGE = `usage: node tools/chaos/dist/cli.js [--trials 20] [--seed 1] [--model ${MODELS.join("|")}] [--steps 12] [--aim ${KILL_AIMS.join("|")}] [--keep]
  --trials  training runs to kill with SIGKILL, each then resumed and compared with an uninterrupted run
  --seed    seeds the kill moments (the same seed aims at the same moments)
  --model   bert (a 2-layer BERT from @tfjs-trainer/models) or tiny (core's TinyClassifier)
  --steps   optimizer steps of each run (a checkpoint every 2)
  --aim     aim every kill at one window: writing a checkpoint, rotating checkpoints (the save hook), or
            anytime in training (default: 45% writing, 15% rotating, 40% anytime)
  --keep    keep every run's folder (those of failed trials are always kept)`;

const DEFAULTS: CliOptions = { trials: 20, seed: 1, spec: { model: "bert", steps: 12 }, keep: false };

export function parseOptions(argv: readonly string[]): CliOptions {
  const options = structuredClone(DEFAULTS);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === "--trials") options.trials = positiveInteger(flag, value());
    else if (flag === "--seed") options.seed = integer(flag, value());
    else if (flag === "--steps") options.spec.steps = positiveInteger(flag, value());
    else if (flag === "--model") options.spec.model = oneOf(flag, MODELS, value());
    else if (flag === "--aim") options.aim = oneOf(flag, KILL_AIMS, value());
    else if (flag === "--keep") options.keep = true;
    else if (flag === "--help" || flag === "-h") throw new Error(USAGE);
    else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  if (options.spec.steps < 2)
    throw new Error("--steps must be 2 or more: the runs save a checkpoint every 2 steps");
  return options;
}

function integer(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`${flag} must be an integer, got "${text}"`);
  return n;
}

function positiveInteger(flag: string, text: string): number {
  const n = integer(flag, text);
  if (n < 1) throw new Error(`${flag} must be 1 or more, got ${n}`);
  return n;
}

function oneOf<T extends string>(flag: string, choices: readonly T[], text: string): T {
  const found = choices.find((c) => c === text);
  if (!found) throw new Error(`${flag} must be one of ${choices.join(", ")}, got "${text}"`);
  return found;
}
