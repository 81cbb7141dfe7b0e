import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./protocol.js";
import { workerExecArgv } from "./worker-exec-argv.js";

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<WorkerRequest, "id">;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * One gradient worker thread, seen as request → promise of reply. The thread keeps the process alive only while a
 * request is in flight, so a pool that was never disposed does not hang the process at exit. A worker that throws
 * outside a request or exits fails every pending and later request with the reason.
 */
export class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure?: Error;
  private stopping = false;
  readonly exited: Promise<number>;

  constructor(
    url: URL,
    readonly index: number,
  ) {
    this.worker = new Worker(url, {
      name: `tfjs-trainer gradient worker ${index}`,
      execArgv: workerExecArgv(process.execArgv),
    });
    this.worker.unref();
    this.worker.on("message", (reply: WorkerReply) => this.settle(reply));
    this.worker.on("error", (error) =>
      this.fail(new Error(`gradient worker ${index} failed: ${error.message}`)),
    );
    this.exited = new Promise((resolve) => {
      this.worker.once("exit", (code) => {
        // whatever is still pending will never be answered
        const reason = this.stopping ? "has ended" : `exited unexpectedly (code ${code})`;
        this.fail(new Error(`gradient worker ${index} ${reason}`));
        resolve(code);
      });
    });
  }

  request<T>(body: RequestBody): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.worker.postMessage({ ...body, id });
    });
  }

  /** Asks the thread to dispose its model and end; terminates it if it has not ended within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.stopping && !this.failure) {
      this.stopping = true;
      await Promise.race([this.request({ type: "shutdown" }).catch(() => {}), delay(graceMs)]);
    }
    this.stopping = true;
    // the caller awaits the thread's end: until then it must keep the process alive
    this.worker.ref();
    const ended = await Promise.race([this.exited.then(() => true), delay(graceMs).then(() => false)]);
    if (!ended) await this.worker.terminate();
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) pending.resolve(reply.result);
    else {
      const error = new Error(`gradient worker ${this.index}: ${reply.error.message}`);
      if (reply.error.stack) error.stack = `${error.message}\n(worker stack) ${reply.error.stack}`;
      pending.reject(error);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
    this.worker.unref();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
