import type { FileHandle } from "node:fs/promises";
import { mkdir, open } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { encodeEvent, type TfEvent } from "./messages.js";
import { frameRecord } from "./record.js";

export const FILE_VERSION = "brain.Event:2";
/** Our name in the first event's source_metadata, where TensorBoard's own writer puts its module name. */
export const SOURCE_WRITER = "tfjs-trainer/tfevents";

export interface EventFileWriterOptions {
  /** Appended to the file name (torch's filename_suffix). */
  filenameSuffix?: string;
  /** Pending events that start a flush in the background (torch's max_queue); default 10. */
  maxQueue?: number;
  /** Seconds between background flushes (torch's flush_secs); default 120, 0 for none. */
  flushSecs?: number;
  /** Told about a failed background flush (once per writer); the failure is also what flush() and close() reject with. */
  onError?: (error: EventFileWriteError) => void;
}

/** Writing to an event file failed; the writer writes nothing more after it, so the file is never corrupted. */
export class EventFileWriteError extends Error {
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(
      `cannot write TensorBoard events to ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = "EventFileWriteError";
  }
}

let nextFileId = 0;

function fileName(suffix: string): string {
  const secs = String(Math.floor(Date.now() / 1000)).padStart(10, "0");
  return `events.out.tfevents.${secs}.${hostname()}.${process.pid}.${nextFileId++}${suffix}`;
}

/**
 * Appends events to one event file, `events.out.tfevents.<secs>.<host>.<pid>.<n>`, in TFRecord framing; the first
 * event is `file_version: "brain.Event:2"`. `add` only queues (synchronously, so calls from any number of hooks keep
 * their order); flushes run one after the other and each writes what was queued when it started, whole records in
 * one append. The folder and file are made at the first flush. After a failed write the writer drops what it is
 * given and every flush rejects with that failure: a file is never left with a record missing in its middle.
 */
export class EventFileWriter {
  readonly logDir: string;
  readonly path: string;
  private pending: Uint8Array[] = [];
  private chain: Promise<void> = Promise.resolve();
  private handle: FileHandle | undefined;
  private failure: EventFileWriteError | undefined;
  private reported = false;
  private closed = false;
  private readonly timer: ReturnType<typeof setInterval> | undefined;
  private readonly maxQueue: number;
  private readonly onError?: (error: EventFileWriteError) => void;

  constructor(logDir: string, options: EventFileWriterOptions = {}) {
    this.logDir = logDir;
    this.path = join(logDir, fileName(options.filenameSuffix ?? ""));
    this.maxQueue = options.maxQueue ?? 10;
    this.onError = options.onError;
    const flushSecs = options.flushSecs ?? 120;
    if (flushSecs > 0) {
      this.timer = setInterval(() => this.flushInBackground(), flushSecs * 1000);
      this.timer.unref();
    }
    this.add({ step: 0, file_version: FILE_VERSION, source_metadata: { writer: SOURCE_WRITER } });
  }

  /** The failure that stopped this writer, if any. */
  get error(): EventFileWriteError | undefined {
    return this.failure;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues one event (wall_time defaults to now). */
  add(event: Omit<TfEvent, "wall_time"> & { wall_time?: number }): void {
    if (this.closed) throw new Error(`event writer for ${this.path} is closed`);
    if (this.failure) return;
    this.pending.push(
      frameRecord(encodeEvent({ ...event, wall_time: event.wall_time ?? Date.now() / 1000 })),
    );
    if (this.pending.length >= this.maxQueue) this.flushInBackground();
  }

  /** Writes everything queued so far; resolves once it is in the file (handed to the OS, as torch's flush). */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.writePending());
    this.chain = run.catch(() => {});
    return run;
  }

  /** Flushes, then closes the file. Later calls resolve at once; add() fails after it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    try {
      await this.flush();
    } finally {
      const handle = this.handle;
      this.handle = undefined;
      await handle?.close().catch(() => {});
    }
  }

  private flushInBackground(): void {
    this.flush().catch((error: EventFileWriteError) => {
      if (this.reported) return;
      this.reported = true;
      this.onError?.(error);
    });
  }

  private async writePending(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    try {
      if (!this.handle) {
        await mkdir(this.logDir, { recursive: true });
        this.handle = await open(this.path, "a");
      }
      await this.handle.appendFile(Buffer.concat(records));
    } catch (error) {
      this.failure = new EventFileWriteError(this.path, error);
      this.pending = [];
      throw this.failure;
    }
  }
}
