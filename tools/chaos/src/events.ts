/**
 * What the training process tells the crash suite, one line each on stdout: the suite times its kills from these
 * moments. Lines carry a prefix so that anything else a library prints on stdout is ignored.
 */
export type ChildEvent =
  | { type: "ready" }
  | { type: "step"; step: number; tensors: number }
  | { type: "save-begin"; step: number }
  /** The checkpoint folder is in place; the save hook (rotation) starts. */
  | { type: "saved"; step: number; checkpoints: number }
  | { type: "save-end"; step: number; checkpoints: number; best: string | null }
  | { type: "done" };

const PREFIX = "chaos-event ";

export function formatEvent(event: ChildEvent): string {
  return `${PREFIX}${JSON.stringify(event)}\n`;
}

/** The event a stdout line carries, or undefined for any other line. */
export function parseEvent(line: string): ChildEvent | undefined {
  if (!line.startsWith(PREFIX)) return undefined;
  return JSON.parse(line.slice(PREFIX.length)) as ChildEvent;
}

/** One name per moment of a run: an event is a kill's anchor by this name. */
export function eventName(event: ChildEvent): string {
  return "step" in event ? `${event.type} ${event.step}` : event.type;
}
