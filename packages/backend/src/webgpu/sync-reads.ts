/** What of a tfjs backend instance the wrapper touches. */
export interface SyncReader {
  readSync(dataId: object): unknown;
}

export const SYNC_READ_IN_NODE =
  "tfjs-backend-webgpu reads synchronously (dataSync, arraySync, a tensor's value in a log) through OffscreenCanvas, " +
  "which Node does not have: read with `await tensor.data()` instead";

/**
 * tfjs-backend-webgpu's readSync copies through an OffscreenCanvas: in Node it fails with "OffscreenCanvas is not
 * defined", which names neither the call at fault nor the way out. This turns that one failure into an error that
 * does; every other read, and every other error, passes through unchanged.
 */
export function explainSyncReads(backend: SyncReader): void {
  if ("OffscreenCanvas" in globalThis) return;
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    try {
      return readSync(dataId);
    } catch (error) {
      if (error instanceof ReferenceError && error.message.includes("OffscreenCanvas")) {
        throw new Error(SYNC_READ_IN_NODE, { cause: error });
      }
      throw error;
    }
  };
}
