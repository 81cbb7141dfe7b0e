import { escapeCell, formatTime, shorten } from "@tfjs-trainer/bench-backend/src/table.js";

/** One line of the bench's table. */
export interface TableRow {
  /** What is measured and on what (the same for the rows compared with each other). */
  measure: string;
  /** The side of the comparison this row is. */
  variant: string;
  median: string;
  /** Against the reference row of the same measure, or extra numbers of this row. */
  versus: string;
  /** The target and whether it was met; empty when the row has none. */
  target: string;
  runs: number;
  notes: string[];
}

const HEADER = ["measure", "variant", "median", "vs reference", "target", "runs", "notes"];

export function renderTable(rows: readonly TableRow[]): string {
  const lines = [`| ${HEADER.join(" | ")} |`, `|${HEADER.map(() => "---").join("|")}|`];
  for (const row of rows) {
    const notes = [...new Set(row.notes)].map((note) => shorten(note, 200)).join("; ");
    const cells = [row.measure, row.variant, row.median, row.versus, row.target, String(row.runs), notes];
    lines.push(`| ${cells.map(escapeCell).join(" | ")} |`);
  }
  return lines.join("\n");
}

export { formatTime };
