/**
 * How a measurement's own process reports to the table's process: one line per event on stdout, behind a marker
 * (tfjs, the progress plugin and the trainer print their own lines there too).
 */
export type CaseEvent =
  /** One timed run: its numbers by name (ms per step, bytes, peak RSS …). */
  { run: Record<string, number> } | { note: string } | { error: string };

export const EVENT_MARKER = "@@bench-trainer ";

export function report(event: CaseEvent): void {
  process.stdout.write(`${EVENT_MARKER}${JSON.stringify(event)}\n`);
}

export function parseCaseEvent(line: string): CaseEvent | undefined {
  if (!line.startsWith(EVENT_MARKER)) return undefined;
  return JSON.parse(line.slice(EVENT_MARKER.length)) as CaseEvent;
}
