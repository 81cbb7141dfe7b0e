import type { CaseSpec } from "../case-spec.js";
import type { Sizes } from "../options.js";
import type { CaseResult } from "../run-case.js";
import type { TableRow } from "../table.js";

/** What a section gets: the sizes, a way to run a case (in a process of its own) and to say what it is doing. */
export interface SectionContext {
  sizes: Sizes;
  runCase(spec: CaseSpec): Promise<CaseResult>;
  progress(message: string): void;
}

/** A part of the table: runs its cases and turns what they reported into rows. */
export interface Section {
  title: string;
  run(context: SectionContext): Promise<TableRow[]>;
}

/** A result's notes, with its error first. */
export function notesOf(...results: CaseResult[]): string[] {
  return results.flatMap((r) => [...(r.error ? [`failed: ${r.error.split("\n")[0]}`] : []), ...r.notes]);
}

/** The values of `key` over a result's runs. */
export function valuesOf(result: CaseResult, key: string): number[] {
  return result.runs.map((run) => run[key]).filter((v): v is number => typeof v === "number");
}
