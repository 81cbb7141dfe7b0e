import type { CaseResult } from "../run-case.js";
import { median } from "../stats.js";
import type { TableRow } from "../table.js";
import { notesOf, type Section, type SectionContext, valuesOf } from "./section.js";

/**
 * evaluate() with and without eval_accumulation_steps, each run in a fresh process. With accumulation the outputs
 * kept on the device are at most the last window's (logits and labels of `steps` batches) plus the batch in flight.
 */
export const evalMemorySection: Section = {
  title: "evaluation memory",
  async run({ sizes, runCase, progress }: SectionContext) {
    const rows: TableRow[] = [];
    for (const accumulationSteps of [null, sizes.evalAccumulationSteps]) {
      const label =
        accumulationSteps === null
          ? "no eval_accumulation_steps"
          : `eval_accumulation_steps ${accumulationSteps}`;
      const results: CaseResult[] = [];
      for (let run = 0; run < sizes.evalRuns; run++) {
        progress(`evaluation memory, ${label}, run ${run + 1}/${sizes.evalRuns}`);
        results.push(await runCase({ kind: "eval-memory", examples: sizes.evalExamples, accumulationSteps }));
      }
      const all = (key: string) => results.flatMap((r) => valuesOf(r, key));
      const peakRss = all("peakRssMb");
      const growth = all("rssGrowthMb");
      const tensors = all("peakTensors");
      const device = all("peakDeviceMb");
      const left = all("tensorsLeft");
      const finished = peakRss.length > 0;
      const bound = accumulationSteps === null ? undefined : 2 * accumulationSteps + 10;
      const notes = notesOf(...results);
      if (left.some((n) => n !== 0)) notes.unshift(`tensors left after evaluate(): ${left.join(", ")}`);
      rows.push({
        measure: `evaluate() over ${sizes.evalExamples} examples (TinyTagger, logits [64, 64, 32] a batch)`,
        variant: label,
        median: finished
          ? `peak RSS ${median(peakRss).toFixed(0)} MB (+${median(growth).toFixed(0)} MB in evaluate)`
          : "—",
        versus: finished
          ? `peak ${median(tensors).toFixed(0)} tensors, ${median(device).toFixed(1)} MB on the device`
          : "",
        target:
          bound !== undefined && finished
            ? `device bounded (≤ ${bound} tensors): ${median(tensors) <= bound ? "met" : "missed"}`
            : "",
        runs: peakRss.length,
        notes,
      });
    }
    return rows;
  },
};
