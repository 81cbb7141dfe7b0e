import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResumeDatasetKind } from "../case-spec.js";
import type { CaseResult } from "../run-case.js";
import { median, verdict } from "../stats.js";
import { formatTime, type TableRow } from "../table.js";
import { globalStepAt, RESUME_BATCH } from "../workloads/resume-workload.js";
import { notesOf, type Section, type SectionContext, valuesOf } from "./section.js";

const POSITIONS = [0.1, 0.5, 0.9];
const KINDS: { kind: ResumeDatasetKind; label: string }[] = [
  { kind: "indexed", label: "indexed dataset (DataLoader, shuffled)" },
  { kind: "iterable", label: "iterable dataset (a stream)" },
  { kind: "seekable", label: "seekable stream (the stream with iterateFrom)" },
];

/** Flat: no more than this much slower than at 10 % — the larger of an absolute and a relative allowance. */
export function isFlat(atStartMs: number, laterMs: number): boolean {
  return laterMs - atStartMs <= Math.max(25, 0.2 * atStartMs);
}

/**
 * Resuming at 10, 50 and 90 % of an epoch: a fresh process per run, from checkpoints written beforehand. Runs are
 * interleaved over positions so a change in the machine's load falls on all of them alike.
 */
export const resumeSection: Section = {
  title: "resume",
  async run({ sizes, runCase, progress }: SectionContext) {
    const root = await mkdtemp(join(tmpdir(), "bench-trainer-resume-"));
    const rows: TableRow[] = [];
    try {
      for (const rowCount of sizes.resumeRows) {
        const outputDir = join(root, String(rowCount));
        progress(`resume: writing checkpoints for ${rowCount} rows`);
        const globalSteps = POSITIONS.map((p) => globalStepAt(rowCount, p));
        const prepared = await runCase({ kind: "resume-prepare", rows: rowCount, globalSteps, outputDir });
        const results = new Map<string, CaseResult[]>();
        for (let run = 0; run < sizes.resumeRuns; run++) {
          for (const { kind } of KINDS) {
            for (const position of POSITIONS) {
              progress(
                `resume: ${kind}, ${rowCount} rows at ${position * 100} %, run ${run + 1}/${sizes.resumeRuns}`,
              );
              const result = prepared.error
                ? prepared
                : await runCase({
                    kind: "resume",
                    rows: rowCount,
                    dataset: kind,
                    position,
                    checkpointDir: outputDir,
                  });
              const key = `${kind}@${position}`;
              results.set(key, [...(results.get(key) ?? []), result]);
            }
          }
        }
        for (const { kind, label } of KINDS) {
          const startMs = medianOf(results.get(`${kind}@${POSITIONS[0]}`)!, "firstStepMs");
          for (const position of POSITIONS) {
            const cell = results.get(`${kind}@${position}`)!;
            const ms = medianOf(cell, "firstStepMs");
            const loadMs = medianOf(cell, "loadMs");
            const batchMs = medianOf(cell, "firstBatchMs");
            const later = position !== POSITIONS[0] && ms !== undefined && startMs !== undefined;
            rows.push({
              measure: `resume to the first new step, ${label}, ${rowCount.toLocaleString("en")} rows, batch ${RESUME_BATCH}`,
              variant: `at ${position * 100} % (step ${globalStepAt(rowCount, position)})`,
              median: ms !== undefined ? formatTime(ms) : "—",
              versus: [
                later ? `${ms - startMs < 0 ? "−" : "+"}${formatTime(Math.abs(ms - startMs))} vs 10 %` : "",
                loadMs !== undefined ? `checkpoint load ${formatTime(loadMs)}` : "",
                batchMs !== undefined ? `first batch ${formatTime(batchMs)}` : "",
              ]
                .filter(Boolean)
                .join("; "),
              target: later ? verdict("flat in position", isFlat(startMs, ms)) : "",
              runs: cell.flatMap((r) => valuesOf(r, "firstStepMs")).length,
              notes: notesOf(...cell),
            });
          }
        }
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
    return rows;
  },
};

function medianOf(results: CaseResult[], key: string): number | undefined {
  const values = results.flatMap((r) => valuesOf(r, key));
  return values.length > 0 ? median(values) : undefined;
}
