import type { StepRunner, StepWorkloadName } from "../case-spec.js";
import type { CaseResult } from "../run-case.js";
import { formatOverhead, median, pairedOverhead, present, rotated, verdict } from "../stats.js";
import { formatTime, type TableRow } from "../table.js";
import { stepWorkload } from "../workloads/step-workloads.js";
import { notesOf, type Section, type SectionContext } from "./section.js";

interface RunnerRow {
  runner: StepRunner;
  label: string;
  /** Largest overhead over the hand loop, in % of its step time, where the issue sets one. */
  targetPercent?: number;
}

const RUNNERS: RunnerRow[] = [
  { runner: "hand", label: "hand-written tfjs loop" },
  { runner: "trainer-bare", label: "Trainer, no plugins" },
  {
    runner: "trainer-default",
    label: "Trainer, default plugins (default flow + progress)",
    targetPercent: 2,
  },
  {
    runner: "trainer-all",
    label: "Trainer, + TensorBoard + early stopping + checkpoint rotation",
    targetPercent: 5,
  },
];

/** Per round, the wall-clock and CPU milliseconds per step of each runner (a failed run leaves a hole). */
type Rounds = Map<
  StepRunner,
  { wall: (number | undefined)[]; cpu: (number | undefined)[]; results: CaseResult[] }
>;

/**
 * The same training steps by hand and through the Trainer: per round, one process per runner, one after the other
 * (each round in another order); the overhead is the median over rounds of each round's difference. On the tiny model the step is short enough
 * that the difference shows what the Trainer adds per step in absolute terms; the targets are judged on the BERT.
 */
export function stepOverheadSection(workloadName: StepWorkloadName): Section {
  const workload = stepWorkload(workloadName);
  const judged = workloadName === "bert-small";
  return {
    title: `steps: ${workload.label}`,
    async run({ sizes, runCase, progress }: SectionContext) {
      const { warmup, steps } = workloadName === "bert-small" ? sizes.bertSmall : sizes.tiny;
      const rounds: Rounds = new Map(RUNNERS.map((r) => [r.runner, { wall: [], cpu: [], results: [] }]));
      for (let round = 0; round < sizes.stepRounds; round++) {
        for (const { runner, label } of rotated(RUNNERS, round)) {
          progress(`steps on ${workloadName}, round ${round + 1}/${sizes.stepRounds}: ${label}`);
          const result = await runCase({
            kind: "steps",
            workload: workloadName,
            runner,
            warmupMs: sizes.warmupMs,
            warmup,
            steps,
          });
          const side = rounds.get(runner)!;
          side.results.push(result);
          side.wall.push(result.runs[0]?.msPerStep);
          side.cpu.push(result.runs[0]?.cpuMsPerStep);
        }
      }
      const hand = rounds.get("hand")!;
      return RUNNERS.map(({ runner, label, targetPercent }): TableRow => {
        const side = rounds.get(runner)!;
        const finished = present(side.wall);
        const cpu = present(side.cpu);
        const overhead = runner === "hand" ? undefined : pairedOverhead(hand.wall, side.wall);
        const cpuOverhead = runner === "hand" ? undefined : pairedOverhead(hand.cpu, side.cpu);
        const notes = [
          ...(runner === "hand"
            ? [
                `${steps} timed steps a run after ${sizes.warmupMs / 1000} s of throwaway runs and ${warmup} warm-up steps`,
              ]
            : []),
          ...(finished.length > 1
            ? [`runs ${formatTime(Math.min(...finished))} to ${formatTime(Math.max(...finished))}`]
            : []),
          ...(cpu.length > 0
            ? [
                `CPU ${formatTime(median(cpu))} a step` +
                  (cpuOverhead ? `, ${formatOverhead(cpuOverhead, formatTime)} over the hand loop's` : ""),
              ]
            : []),
          ...notesOf(...side.results),
        ];
        return {
          measure: `ms per training step, ${workload.label}`,
          variant: label,
          median: finished.length > 0 ? formatTime(median(finished)) : "—",
          versus: overhead ? formatOverhead(overhead, formatTime) : "",
          target:
            judged && targetPercent !== undefined && overhead
              ? verdict(`≤ ${targetPercent} %`, overhead.percent <= targetPercent)
              : "",
          runs: finished.length,
          notes,
        };
      });
    },
  };
}
