import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { eventName } from "./events.js";
import { firstDifference } from "./first-difference.js";
import { inspectOutput, temporaryFolders } from "./inspect-output.js";
import { type KillAim, type KillPlan, planKills, windowsBetween } from "./kill-plan.js";
import type { RunResult } from "./run-result.js";
import type { RunSpec } from "./run-spec.js";
import { type ChildRun, runChild, type TimedEvent } from "./spawn-run.js";

export interface ChaosOptions {
  trials: number;
  seed: number;
  spec: RunSpec;
  /** Aim every kill at one window (default: the mix of AIM_SHARES). */
  aim?: KillAim;
  /** Keep every run's folder (by default only those of failed trials are kept). */
  keep?: boolean;
  /** Called as each trial ends, e.g. to print it. */
  onTrial?: (trial: TrialResult) => void;
  onReference?: (reference: ReferenceSummary) => void;
}

export interface ReferenceSummary {
  steps: number;
  saves: number;
  /** Duration of each save window (checkpoint write + rotation), ms. */
  saveMs: number[];
  /** Saves after which the best checkpoint was an older one, kept beside the newest by rotation. */
  savesWithOlderBest: number;
  wallMs: number;
}

export interface TrialResult {
  index: number;
  plan: KillPlan;
  /** What the process was doing when it died, from the last event it wrote. */
  phase: Phase;
  /** The last event the killed process wrote. */
  lastEvent: string;
  /** The kill's moment, ms after the process started. */
  killedAtMs?: number;
  /** Temporary folders the kill left, and those still there once the resumed run has ended. */
  temporary: string[];
  temporaryAfterResume: string[];
  checkpoints: string[];
  /** The checkpoint resume started from (null: none was left, the run restarted from scratch). */
  resumedFrom: string | null;
  problems: string[];
  outputDir: string;
  wallMs: number;
}

/** writing: a checkpoint was being written; rotating: the save hook (rotation) was running. */
export type Phase = "writing" | "rotating" | "training" | "not killed";

function phaseAfter(lastEvent: string | undefined): Phase {
  if (lastEvent === "save-begin") return "writing";
  if (lastEvent === "saved") return "rotating";
  return "training";
}

export interface ChaosReport {
  reference: ReferenceSummary;
  trials: TrialResult[];
  passed: number;
  failed: number;
  workDir: string;
}

/**
 * The crash suite: one uninterrupted reference run, then per trial a run killed with SIGKILL at a seeded moment,
 * the checks of what it left on disk, a resume to the end and a bit-for-bit comparison with the reference.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const workDir = mkdtempSync(join(tmpdir(), "tfjs-trainer-chaos-"));
  const reference = await runToEnd(options.spec, join(workDir, "reference"), false);
  if (!reference.result)
    throw new Error(`the reference run failed (exit ${reference.status}):\n${reference.stderr}`);
  const growth = tensorGrowth(reference.events);
  if (growth) throw new Error(`the reference run leaks tensors: ${growth}`);
  const summary = summarize(reference);
  options.onReference?.(summary);

  const trials: TrialResult[] = [];
  for (const [i, plan] of planKills(reference.events, options.trials, options.seed, options.aim).entries()) {
    const trial = await runTrial(
      i + 1,
      plan,
      options.spec,
      join(workDir, `trial-${i + 1}`),
      reference.result,
    );
    trials.push(trial);
    options.onTrial?.(trial);
  }
  const failed = trials.filter((t) => t.problems.length > 0).length;
  if (!options.keep) {
    for (const trial of trials) if (trial.problems.length === 0) rmSync(trial.outputDir, { recursive: true });
    if (failed === 0) rmSync(workDir, { recursive: true });
  }
  return { reference: summary, trials, passed: trials.length - failed, failed, workDir };
}

async function runTrial(
  index: number,
  plan: KillPlan,
  spec: RunSpec,
  dir: string,
  expected: RunResult,
): Promise<TrialResult> {
  const start = performance.now();
  const outputDir = join(dir, "output");
  mkdirSync(dir, { recursive: true });
  const killed = await runChild(
    { spec, outputDir, resume: false, resultFile: join(dir, "killed.json") },
    plan,
  );
  const problems: string[] = [];
  const wasKilled = killed.signal === "SIGKILL" && killed.killedAt !== undefined;
  if (!wasKilled && killed.status !== 0)
    problems.push(`the run to kill failed on its own: ${lastLines(killed)}`);
  const last = killed.events.at(-1);
  const killedGrowth = tensorGrowth(killed.events);
  if (killedGrowth) problems.push(`the killed run leaks tensors: ${killedGrowth}`);
  const inspection = await inspectOutput(outputDir);
  problems.push(...inspection.problems);

  // before any checkpoint, resume_from_checkpoint: true has nothing to load: the run starts again from scratch
  const resumed = await runToEnd(spec, outputDir, inspection.newest !== null, join(dir, "resumed.json"));
  if (!resumed.result)
    problems.push(`the resumed run failed (exit ${resumed.status}): ${lastLines(resumed)}`);
  else {
    const difference = firstDifference(expected, resumed.result);
    if (difference) problems.push(`differs from the uninterrupted run at ${difference}`);
    const growth = tensorGrowth(resumed.events);
    if (growth) problems.push(`the resumed run leaks tensors: ${growth}`);
  }
  return {
    index,
    plan,
    phase: wasKilled ? phaseAfter(last?.event.type) : "not killed",
    lastEvent: last ? eventName(last.event) : "(none: killed before training started)",
    killedAtMs: killed.killedAt,
    temporary: inspection.temporary,
    temporaryAfterResume: await temporaryFolders(outputDir),
    checkpoints: inspection.checkpoints,
    resumedFrom: inspection.newest,
    problems,
    outputDir: dir,
    wallMs: performance.now() - start,
  };
}

function runToEnd(spec: RunSpec, outputDir: string, resume: boolean, resultFile = `${outputDir}.json`) {
  return runChild({ spec, outputDir, resume, resultFile });
}

/**
 * Tensors alive at the end of every step must be as many as at the end of the first: the optimizer's moments exist
 * from the first update on (or from the checkpoint), and each step and evaluation must free what it creates.
 */
export function tensorGrowth(events: readonly TimedEvent[]): string | undefined {
  const counts = events.flatMap((e) => (e.event.type === "step" ? [e.event] : []));
  const first = counts[0];
  const grown = counts.find((c) => c.tensors !== first.tensors);
  return grown
    ? `${grown.tensors} tensors after step ${grown.step}, ${first.tensors} after step ${first.step}`
    : undefined;
}

function summarize(run: ChildRun): ReferenceSummary {
  const saves = windowsBetween(run.events, "save-begin", "save-end");
  const olderBest = saves.filter(({ end: { event } }) => {
    return (
      event.type === "save-end" && event.best !== null && basename(event.best) !== `checkpoint-${event.step}`
    );
  });
  return {
    steps: run.result?.globalStep ?? 0,
    saves: saves.length,
    saveMs: saves.map((w) => w.end.at - w.begin.at),
    savesWithOlderBest: olderBest.length,
    wallMs: run.wallMs,
  };
}

function lastLines(run: ChildRun): string {
  const text = run.stderr.trim();
  return text ? text.split("\n").slice(-5).join(" | ") : `exit ${run.status}, signal ${run.signal}`;
}
