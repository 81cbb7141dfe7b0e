import { EventFileWriteError, SummaryWriter } from "@tfjs-trainer/tfevents";

/**
 * The plugin's event writer for one log dir, made so that TensorBoard can never stop or corrupt training: the
 * first failure (a write to disk, or anything else the plugin does) is reported once through `warn` and turns the
 * plugin's logging off; nothing it does throws.
 */
export class SafeWriter {
  private writer: SummaryWriter | undefined;
  private failed = false;
  /** Every scalar tag written to this log dir, in the order first written (the HParams tab's metrics). */
  readonly scalarTags = new Set<string>();

  constructor(
    private readonly pluginName: string,
    private readonly warn: (message: string) => void,
  ) {}

  get isOff(): boolean {
    return this.failed;
  }

  /** The open writer, opening a new event file in `logDir` when none is (HF opens one again after train end). */
  current(logDir: string): SummaryWriter | undefined {
    if (this.failed) return undefined;
    this.writer ??= new SummaryWriter(logDir, { onError: (error) => this.fail(error, logDir) });
    return this.writer;
  }

  /** Runs `write` against the open writer; a throw turns the plugin off with one warning. */
  async use(logDir: string, write: (writer: SummaryWriter) => void | Promise<void>): Promise<void> {
    const writer = this.current(logDir);
    if (!writer) return;
    try {
      await write(writer);
    } catch (error) {
      this.fail(error, logDir);
    }
  }

  addScalar(logDir: string, tag: string, value: number, step: number): void {
    const writer = this.current(logDir);
    if (!writer) return;
    try {
      writer.addScalar(tag, value, step);
      this.scalarTags.add(tag);
    } catch (error) {
      this.fail(error, logDir);
    }
  }

  async flush(): Promise<void> {
    try {
      await this.writer?.flush();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Flushes and closes the event file; the next write opens a new one. */
  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    try {
      await writer?.close();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown, logDir?: string): void {
    if (this.failed) return;
    this.failed = true;
    const writer = this.writer;
    this.writer = undefined;
    writer?.close().catch(() => {});
    const where =
      error instanceof EventFileWriteError
        ? error.message
        : `TensorBoard logging to ${writer?.path ?? logDir ?? "its log dir"} failed: ${(error as Error)?.message ?? String(error)}`;
    this.warn(
      `warning: ${this.pluginName}: ${where}. TensorBoard logging is off for the rest of this run; training goes on.`,
    );
  }
}
