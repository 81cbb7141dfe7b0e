import cliProgress, { type MultiBar, type Params, type SingleBar } from "cli-progress";
import { formatBarLine } from "./bar-line.js";

/** What the plugin writes to: any writable stream; `isTTY` and `columns` are read when present. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

interface BarPayload {
  startValue: number;
  knownTotal: boolean;
  postfix: string;
}

/** One bar, as the plugin drives it. */
export interface Bar {
  update(value: number): void;
  increment(): void;
  setPostfix(postfix: string): void;
}

/**
 * Bars drawn by cli-progress's MultiBar on its own timer (never on an update), with lines written above them.
 * The redraw timer never keeps the process alive (a run that throws before trainEnd still lets Node exit), and the
 * terminal's settings (cursor, line wrapping) are left alone, so nothing needs restoring if the bars are not stopped.
 */
export class BarDisplay {
  private readonly multibar: MultiBar;
  private active = true;

  constructor(
    readonly stream: ProgressStream,
    redrawIntervalMs: number,
  ) {
    this.multibar = new cliProgress.MultiBar({
      stream,
      fps: 1000 / redrawIntervalMs,
      // a stream that is not a terminal (bars forced on) gets a plain snapshot of the bars now and then
      noTTYOutput: stream.isTTY !== true,
      notTTYSchedule: Math.max(redrawIntervalMs, 2000),
      linewrap: true,
      hideCursor: false,
      gracefulExit: false,
      clearOnComplete: false,
      stopOnComplete: false,
      // a line written above the bars overwrites a bar's row: bars are rewritten on every redraw, changed or not
      forceRedraw: true,
      format: renderLine,
    });
    const unrefTimer = () => {
      const timer = (this.multibar as unknown as { timer?: { unref?: () => void } | null }).timer;
      timer?.unref?.();
    };
    this.multibar.on("start", unrefTimer);
    this.multibar.on("update-post", unrefTimer);
  }

  get isActive(): boolean {
    return this.active;
  }

  /** A new bar below the others; `total` undefined shows a count. */
  create(total: number | undefined, startValue = 0): Bar {
    const payload: BarPayload = { startValue, knownTotal: total !== undefined, postfix: "" };
    const bar: SingleBar = this.multibar.create(total ?? 0, startValue, payload);
    return {
      update: (value) => bar.update(value),
      increment: () => bar.increment(),
      setPostfix: (postfix) => bar.update({ postfix }),
      [BAR]: bar,
    } as Bar;
  }

  /** Takes a bar off the screen (tqdm's leave=False). */
  remove(bar: Bar): void {
    this.multibar.remove((bar as BarWithInner)[BAR]);
  }

  /** Writes a line above the bars now (one redraw), not at the next tick. */
  log(line: string): void {
    this.multibar.log(`${line}\n`);
    this.multibar.update();
  }

  /** Final redraw (the bars are left on screen), then nothing more is written. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.multibar.stop();
  }
}

const BAR = Symbol("bar");
type BarWithInner = Bar & { [BAR]: SingleBar };

function renderLine(_options: unknown, params: Params, payload: BarPayload): string {
  const end = params.stopTime ?? Date.now();
  return formatBarLine({
    value: params.value,
    total: payload.knownTotal ? params.total : undefined,
    startValue: payload.startValue,
    elapsedMs: end - params.startTime,
    postfix: payload.postfix,
    // one column spare, so a full line never makes the terminal wrap
    width: Math.max(1, params.maxWidth - 1),
  });
}
