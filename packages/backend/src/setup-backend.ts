import * as tf from "@tensorflow/tfjs";
import { registerTrainingKernels } from "./kernels/index.js";
import { noAdapterReason, vulkanLoaderAbsent } from "./webgpu/no-adapter-reason.js";
import { prepareWebGpu } from "./webgpu/prepare-webgpu.js";
import { explainSyncReads, type SyncReader } from "./webgpu/sync-reads.js";

/** Backends a user may name; `auto` tries them in the order of AUTO_ORDER. */
export const BACKEND_NAMES = ["auto", "tfjs-node-gpu", "tfjs-node", "webgpu", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What setupBackend chose, and why each earlier candidate of `auto` was passed over. */
export interface BackendChoice {
  name: Exclude<BackendName, "auto">;
  /** The tfjs backend name registered (`tensorflow` for tfjs-node, `webgpu`, `wasm`, `cpu`). */
  tfBackend: string;
  /** The device, where the backend names one (webgpu: the adapter). */
  device?: string;
  skipped: { name: string; reason: string }[];
}

export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: string,
    readonly reason: string,
  ) {
    super(`backend "${backend}" cannot be used: ${reason}`);
    this.name = "BackendUnavailableError";
  }
}

/**
 * `auto` takes the first that loads: native TensorFlow (GPU, then CPU), WebGPU where Dawn finds an adapter, wasm
 * with our training kernels, and the pure-JS cpu backend, which always loads.
 */
const AUTO_ORDER = ["tfjs-node-gpu", "tfjs-node", "webgpu", "wasm", "cpu"] as const;

interface Activated {
  tfBackend: string;
  device?: string;
}

/** `auto` when the loader is one candidate among several: it may then pass over a backend it would only fail at. */
type Loader = (mode: "named" | "auto") => Promise<Activated>;

async function importOptional(pkg: string): Promise<void> {
  try {
    await import(pkg);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new BackendUnavailableError(pkg, `the package ${pkg} is not installed (npm install ${pkg})`);
    }
    throw new BackendUnavailableError(pkg, `the package ${pkg} failed to load: ${(error as Error).message}`);
  }
}

/**
 * Sets the backend and checks that tfjs took it. A refused setBackend leaves the refused name current with no
 * instance behind it, and tfjs's next operation then initialises the highest-priority backend that loads without a
 * word (a GPU run goes on for minutes on the CPU); so the refused backend is unregistered and the previous one set
 * again before the error is thrown.
 */
async function activate(
  name: string,
  tfBackend: string,
  refusal = `tfjs could not initialise its "${tfBackend}" backend`,
): Promise<Activated> {
  const previous = tf.getBackend();
  if (!(await tf.setBackend(tfBackend))) {
    tf.removeBackend(tfBackend);
    if (previous && previous !== tfBackend) await tf.setBackend(previous);
    throw new BackendUnavailableError(name, `tf.setBackend("${tfBackend}") returned false: ${refusal}`);
  }
  await tf.ready();
  return { tfBackend };
}

const LOADERS: Record<Exclude<BackendName, "auto">, Loader> = {
  // tfjs-node(-gpu) register the "tensorflow" backend on import; their install needs libtensorflow.
  "tfjs-node-gpu": async () => {
    await importOptional("@tensorflow/tfjs-node-gpu");
    return activate("tfjs-node-gpu", "tensorflow");
  },
  "tfjs-node": async () => {
    await importOptional("@tensorflow/tfjs-node");
    return activate("tfjs-node", "tensorflow");
  },
  webgpu: async (mode) => {
    // where no Vulkan loader exists Dawn finds no adapter anyway, after printing a native warning: auto does not ask
    if (mode === "auto" && vulkanLoaderAbsent())
      throw new BackendUnavailableError("webgpu", noAdapterReason());
    const prepared = await prepareWebGpu();
    if (!prepared.ok) throw new BackendUnavailableError("webgpu", prepared.reason);
    const refusal = `tfjs could not create its WebGPU device on ${prepared.adapter} (its warning above gives the cause)`;
    await activate("webgpu", "webgpu", refusal);
    explainSyncReads(tf.backend() as unknown as SyncReader);
    // the stock UnsortedSegmentSum (the gradient of every embedding) serialises rows that share a segment, and
    // dropout masks are best drawn on the device
    registerTrainingKernels("webgpu");
    return { tfBackend: "webgpu", device: prepared.adapter };
  },
  wasm: async () => {
    await importOptional("@tensorflow/tfjs-backend-wasm");
    const activated = await activate("wasm", "wasm");
    // stock tfjs-backend-wasm lacks kernels training needs (the gradient of gather among them) or runs them slowly;
    // ours replace them (they build on its kernels, hence after its import)
    registerTrainingKernels("wasm");
    return activated;
  },
  cpu: async () => {
    const activated = await activate("cpu", "cpu");
    // the stock cpu kernels of the gradient of gather, matMul, transpose and broadcasting arithmetic are the slow part
    // of a training step (the embedding gradient alone: minutes for BERT's vocabulary); ours replace them
    registerTrainingKernels("cpu");
    return activated;
  },
};

let current: BackendChoice | undefined;

function describe(choice: BackendChoice): string {
  return choice.device ? `${choice.name} on ${choice.device}` : choice.name;
}

/**
 * Makes the named backend tfjs's active one. A named backend that cannot load fails with the reason; `auto` logs
 * its choice (through `log`) and the reasons it passed over the others. Calling again with the same name is free.
 */
export async function setupBackend(
  name: BackendName = "auto",
  log: (message: string) => void = () => {},
): Promise<BackendChoice> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new BackendUnavailableError(
      String(name),
      `unknown backend; choose one of ${BACKEND_NAMES.join(", ")}`,
    );
  }
  if (current && (name === "auto" || current.name === name) && tf.getBackend() === current.tfBackend) {
    return current;
  }
  if (name !== "auto") {
    const activated = await LOADERS[name]("named");
    current = { name, ...activated, skipped: [] };
    if (activated.device) log(`backend ${describe(current)}`);
    return current;
  }
  const skipped: BackendChoice["skipped"] = [];
  for (const candidate of AUTO_ORDER) {
    try {
      const activated = await LOADERS[candidate]("auto");
      current = { name: candidate, ...activated, skipped };
      const passed = skipped.map((s) => `${s.name}: ${s.reason}`).join("; ");
      log(`backend auto: using ${describe(current)}${passed ? ` (passed over ${passed})` : ""}`);
      return current;
    } catch (error) {
      skipped.push({
        name: candidate,
        reason: error instanceof BackendUnavailableError ? error.reason : String(error),
      });
    }
  }
  throw new BackendUnavailableError("auto", skipped.map((s) => `${s.name}: ${s.reason}`).join("; "));
}
