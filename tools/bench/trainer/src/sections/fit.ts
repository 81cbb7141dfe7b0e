import type { FitCase } from "../case-spec.js";
import type { CaseResult } from "../run-case.js";
import { formatOverhead, median, pairedOverhead, present, rotated, verdict } from "../stats.js";
import { formatTime, type TableRow } from "../table.js";
import { LAYERS_WORKLOAD } from "../workloads/layers-workload.js";
import { notesOf, type Section, type SectionContext } from "./section.js";

const RUNNERS: { runner: FitCase["runner"]; label: string }[] = [
  { runner: "fit", label: "tfjs-layers model.fit (Adam)" },
  { runner: "trainer", label: "Trainer + LayersModelAdapter, default plugins (AdamW, no decay)" },
];

/** model.fit against the Trainer on the same LayersModel and rows, in rounds as the step comparisons. */
export const fitSection: Section = {
  title: `fit: ${LAYERS_WORKLOAD.label}`,
  async run({ sizes, runCase, progress }: SectionContext) {
    const perRound = new Map(RUNNERS.map((r) => [r.runner, [] as (number | undefined)[]]));
    const cpuPerRound = new Map(RUNNERS.map((r) => [r.runner, [] as (number | undefined)[]]));
    const results = new Map(RUNNERS.map((r) => [r.runner, [] as CaseResult[]]));
    for (let round = 0; round < sizes.stepRounds; round++) {
      for (const { runner, label } of rotated(RUNNERS, round)) {
        progress(`model.fit comparison, round ${round + 1}/${sizes.stepRounds}: ${label}`);
        const result = await runCase({
          kind: "fit",
          runner,
          steps: sizes.fitSteps,
          warmupMs: sizes.warmupMs,
        });
        results.get(runner)!.push(result);
        perRound.get(runner)!.push(result.runs[0]?.msPerStep);
        cpuPerRound.get(runner)!.push(result.runs[0]?.cpuMsPerStep);
      }
    }
    const fit = perRound.get("fit")!;
    return RUNNERS.map(({ runner, label }): TableRow => {
      const values = perRound.get(runner)!;
      const finished = present(values);
      const overhead = runner === "trainer" ? pairedOverhead(fit, values) : undefined;
      const ratio = overhead ? 1 + overhead.percent / 100 : undefined;
      const cpu = present(cpuPerRound.get(runner)!);
      const cpuOverhead =
        runner === "trainer" ? pairedOverhead(cpuPerRound.get("fit")!, cpuPerRound.get(runner)!) : undefined;
      const notes = [
        ...(cpu.length > 0
          ? [
              `CPU ${formatTime(median(cpu))} a step` +
                (cpuOverhead ? `, ${(1 + cpuOverhead.percent / 100).toFixed(2)}× model.fit's` : ""),
            ]
          : []),
        ...notesOf(...results.get(runner)!),
      ];
      if (runner === "fit") {
        notes.unshift(
          `one epoch of ${sizes.fitSteps} batches timed whole, per batch, after ${sizes.warmupMs / 1000} s of warm-up epochs`,
        );
      }
      return {
        measure: `ms per training step, ${LAYERS_WORKLOAD.label}`,
        variant: label,
        median: finished.length > 0 ? formatTime(median(finished)) : "—",
        versus:
          overhead && ratio !== undefined
            ? `${ratio.toFixed(3)}× model.fit's time: ${formatOverhead(overhead, formatTime)}`
            : "",
        target: ratio !== undefined ? verdict("≤ model.fit", ratio <= 1) : "",
        runs: finished.length,
        notes,
      };
    });
  },
};
