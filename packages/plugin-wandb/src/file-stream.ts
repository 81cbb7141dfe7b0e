import type { WandbHttpClient } from "./http-client.js";

export const HISTORY_FILE = "wandb-history.jsonl";
export const SUMMARY_FILE = "wandb-summary.json";

export interface FileStreamOptions {
  client: WandbHttpClient;
  /**
   * Makes sure the run exists on the server (and its config is current) and returns the file_stream path. Called
   * before every upload; failures count as failed uploads.
   */
  prepare(maxRetries: number): Promise<string>;
  /** Called with every upload that failed for good; the data stays queued. */
  onFailure(error: unknown): void;
  /** History lines the server already has (resume). */
  acked?: number;
  flushIntervalMs: number;
  heartbeatMs: number;
  maxLinesPerRequest: number;
  maxRetries: number;
}

/**
 * The SDK's file_stream, for history and summary: history lines are POSTed as
 * `{files: {"wandb-history.jsonl": {offset, content: [lines]}}}` where `offset` is the line number of the first one;
 * the summary as `{"wandb-summary.json": {offset: 0, content: [json]}}` (the whole summary each time); the end as
 * `{complete: true, exitcode}`. Lines leave the queue only once the server accepted them, and a retry resends the same
 * offset, so a failure neither loses nor duplicates a row. Requests are serialized; uploads are at least
 * `flushIntervalMs` apart; after a request was given up, later ones are tried once each (no backoff) until one
 * passes, so a dead network never holds training up for long.
 */
export class FileStreamUploader {
  #acked: number;
  readonly #pending: string[] = [];
  #summary: string | undefined;
  #summaryVersion = 0;
  #summarySent = 0;
  #chain: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #lastSendAt = 0;
  #lastPostAt = Date.now();
  #path: string | undefined;
  #degraded = false;
  #finished = false;
  readonly #options: FileStreamOptions;

  constructor(options: FileStreamOptions) {
    this.#options = options;
    this.#acked = options.acked ?? 0;
    this.#startHeartbeat();
  }

  /** History lines the server has accepted. */
  get acked(): number {
    return this.#acked;
  }

  /** History lines not yet accepted. */
  get pendingLines(): number {
    return this.#pending.length;
  }

  get finished(): boolean {
    return this.#finished;
  }

  push(lines: readonly string[]): void {
    this.#pending.push(...lines);
    this.#schedule();
  }

  setSummary(json: string): void {
    this.#summary = json;
    this.#summaryVersion++;
    this.#schedule();
  }

  /** Sends everything queued now; resolves to whether the queue is empty afterwards. */
  flush(): Promise<boolean> {
    return this.#enqueue(() => this.#sendPending());
  }

  /** Sends what is queued, then `complete` with the exit code; resolves to whether all of it was accepted. */
  finish(exitCode: number): Promise<boolean> {
    this.#stopTimers();
    return this.#enqueue(async () => {
      const sent = await this.#sendPending();
      if (this.#path === undefined) return false;
      try {
        await this.#options.client.post(
          this.#path,
          { complete: true, exitcode: exitCode, dropped: this.#pending.length, uploaded: [] },
          this.#retries(),
        );
        this.#finished = true;
        this.#lastPostAt = Date.now();
        return sent;
      } catch (error) {
        this.#fail(error);
        return false;
      }
    });
  }

  /** After finish: accept more rows for the same run (a later evaluate()). */
  reopen(): void {
    this.#finished = false;
    this.#path = undefined;
    this.#startHeartbeat();
  }

  /** Stops the timers without sending anything more. */
  close(): void {
    this.#stopTimers();
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(task, task);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  #schedule(): void {
    if (this.#timer || this.#finished) return;
    const wait = Math.max(0, this.#lastSendAt + this.#options.flushIntervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, wait);
    this.#timer.unref();
  }

  #retries(): number {
    return this.#degraded ? 0 : this.#options.maxRetries;
  }

  #fail(error: unknown): void {
    this.#degraded = true;
    this.#options.onFailure(error);
  }

  async #sendPending(): Promise<boolean> {
    const summaryDirty = () => this.#summary !== undefined && this.#summarySent !== this.#summaryVersion;
    if (this.#pending.length === 0 && !summaryDirty() && this.#path !== undefined) return true;
    try {
      this.#path = await this.#options.prepare(this.#retries());
      while (this.#pending.length > 0 || summaryDirty()) {
        const lines = this.#pending.slice(0, this.#options.maxLinesPerRequest);
        const files: Record<string, { offset: number; content: string[] }> = {};
        if (lines.length > 0) files[HISTORY_FILE] = { offset: this.#acked, content: lines };
        const version = this.#summaryVersion;
        const withSummary = summaryDirty() && lines.length === this.#pending.length;
        if (withSummary) files[SUMMARY_FILE] = { offset: 0, content: [this.#summary as string] };
        this.#lastSendAt = Date.now();
        await this.#options.client.post(this.#path, { files, dropped: 0 }, this.#retries());
        this.#pending.splice(0, lines.length);
        this.#acked += lines.length;
        if (withSummary) this.#summarySent = version;
        this.#lastPostAt = Date.now();
        this.#degraded = false;
      }
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }

  #startHeartbeat(): void {
    const every = this.#options.heartbeatMs;
    if (every <= 0 || this.#heartbeat) return;
    this.#heartbeat = setInterval(
      () => {
        if (this.#finished || this.#path === undefined || Date.now() - this.#lastPostAt < every) return;
        this.#lastPostAt = Date.now();
        const path = this.#path;
        void this.#enqueue(async () => {
          try {
            await this.#options.client.post(
              path,
              { complete: false, failed: false, dropped: 0, uploaded: [] },
              this.#retries(),
            );
          } catch (error) {
            this.#fail(error);
          }
        });
      },
      Math.max(10, Math.floor(every / 2)),
    );
    this.#heartbeat.unref();
  }

  #stopTimers(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#timer = undefined;
    this.#heartbeat = undefined;
  }
}
