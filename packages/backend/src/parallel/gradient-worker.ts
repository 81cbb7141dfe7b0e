/**
 * The entry of a gradient worker thread (built as its own file: see worker-url.ts). It answers the main thread's
 * requests one at a time, in order; an error is sent back with the request's id instead of killing the thread.
 */
import { parentPort } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./protocol.js";
import { WorkerState } from "./worker-state.js";

const port = parentPort;
if (!port)
  throw new Error(
    "gradient-worker is a worker_threads entry; the main thread uses createDataParallelGradients",
  );

const state = new WorkerState();

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case "init":
      return state.init(request.backend, request.model);
    case "attach":
      return state.attach(request.weights, request.gradients, request.slotOffset);
    case "load-weights":
      return state.loadWeights();
    case "gradients":
      return state.gradients(request.batch, request.lossWeight, request.numItemsInBatch, request.seed);
    case "tensor-count":
      return state.tensorCount();
    case "shutdown":
      return state.shutdown();
  }
}

// requests are chained so an async one (init) never overlaps the next
let queue: Promise<void> = Promise.resolve();
port.on("message", (request: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = { id: request.id, ok: true, result: await handle(request) };
    } catch (error) {
      const { message, stack } = error instanceof Error ? error : new Error(String(error));
      reply = { id: request.id, ok: false, error: { message, stack } };
    }
    port.postMessage(reply);
    // with the port closed the thread's event loop is empty and the thread ends by itself
    if (request.type === "shutdown") port.close();
  });
});
