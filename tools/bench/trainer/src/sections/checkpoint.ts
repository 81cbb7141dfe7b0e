import { median } from "../stats.js";
import { formatTime, type TableRow } from "../table.js";
import { checkpointModelLabel } from "../workloads/checkpoint-models.js";
import { notesOf, type Section, type SectionContext, valuesOf } from "./section.js";

const MB = 1e6;

function rate(bytes: number, ms: number): string {
  return `${(bytes / MB / (ms / 1000)).toFixed(0)} MB/s`;
}

/** Checkpoint save and load against raw I/O of the same bytes, all in one process (one model built once). */
export const checkpointSection: Section = {
  title: "checkpoint save and load",
  async run({ sizes, runCase, progress }: SectionContext) {
    const model = sizes.checkpointModel;
    progress(`checkpoint save and load: ${checkpointModelLabel(model)}`);
    const result = await runCase({ kind: "checkpoint", model, repeats: sizes.checkpointRepeats });
    const bytes = valuesOf(result, "bytes")[0];
    const row = (what: string, key: string, rawKey: string, rawLabel: string): TableRow => {
      const values = valuesOf(result, key);
      const raw = valuesOf(result, rawKey);
      if (bytes === undefined || values.length === 0) {
        return {
          measure: what,
          variant: "",
          median: "—",
          versus: "",
          target: "",
          runs: 0,
          notes: notesOf(result),
        };
      }
      const ms = median(values);
      const rawMs = median(raw);
      return {
        measure: `${what}, ${checkpointModelLabel(model)}: ${(bytes / MB).toFixed(1)} MB`,
        variant:
          key === "saveMs" ? "Trainer.saveCheckpoint()" : "train({ resumeFromCheckpoint }) to trainBegin",
        median: `${formatTime(ms)} (${rate(bytes, ms)})`,
        versus: `${rawLabel}: ${formatTime(rawMs)} (${rate(bytes, rawMs)}); ${(ms / rawMs).toFixed(1)}× its time`,
        target: "",
        runs: values.length,
        notes: notesOf(result),
      };
    };
    return [
      row("checkpoint save", "saveMs", "rawWriteMs", "one file of the same bytes, written and fsynced"),
      row("checkpoint load", "loadMs", "rawReadMs", "that file read back"),
    ];
  },
};
