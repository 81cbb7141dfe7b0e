import type { ReferenceSummary, TrialResult } from "./run-chaos.js";

const ms = (n: number) => `${n.toFixed(1)} ms`;

export function formatReference(r: ReferenceSummary): string {
  const saves = r.saveMs.length > 0 ? `${ms(Math.min(...r.saveMs))}–${ms(Math.max(...r.saveMs))}` : "-";
  return (
    `reference: ${r.steps} steps, ${r.saves} checkpoints (each save ${saves}), the best an older checkpoint ` +
    `after ${r.savesWithOlderBest} of ${r.saves} saves, ${(r.wallMs / 1000).toFixed(1)} s`
  );
}

/** One line per trial: kill moment, phase, what was left on disk, where resume started, the verdict. */
export function formatTrial(t: TrialResult, total: number): string {
  const width = String(total).length;
  const kill =
    t.killedAtMs === undefined
      ? "no kill (the run ended first)"
      : `kill ${ms(t.plan.delayMs)} after ${t.plan.anchor} (aimed ${t.plan.aim}; at ${ms(t.killedAtMs)})`;
  const left = t.temporary.length > 0 ? `, left ${t.temporary.join(" ")}` : "";
  const newest = t.resumedFrom ?? "none (restart from scratch)";
  const verdict = t.problems.length === 0 ? "ok" : `FAIL: ${t.problems.join("; ")}`;
  return (
    `trial ${String(t.index).padStart(width)}/${total}  ${kill}  phase ${t.phase} (last: ${t.lastEvent})${left}  ` +
    `newest ${newest}  ${verdict}`
  );
}

export function formatSummary(trials: readonly TrialResult[]): string {
  const failed = trials.filter((t) => t.problems.length > 0).length;
  const count = (phase: string) => trials.filter((t) => t.phase === phase).length;
  const leftovers = trials.filter((t) => t.temporaryAfterResume.length > 0).length;
  return (
    `chaos: ${trials.length - failed} passed, ${failed} failed (killed while writing a checkpoint: ` +
    `${count("writing")}, while rotating checkpoints: ${count("rotating")}, while training: ${count("training")}; ` +
    `temporary folders still in output_dir after the resumed run: ${leftovers} of ${trials.length})`
  );
}
