import * as tf from "@tensorflow/tfjs";

/** Backends a user may name; `auto` tries them in the order of AUTO_ORDER. */
export const BACKEND_NAMES = ["auto", "tfjs-node-gpu", "tfjs-node", "webgpu", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What setupBackend chose, and why each earlier candidate of `auto` was passed over. */
export interface BackendChoice {
  name: Exclude<BackendName, "auto">;
  /** The tfjs backend name registered (`tensorflow` for tfjs-node, `webgpu`, `wasm`, `cpu`). */
  tfBackend: string;
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
 * `auto` takes the first that loads. wasm is left out of `auto` until its training kernels (the gradient of gather
 * among them) are registered: today a BERT step on stock tfjs-backend-wasm throws for a missing kernel.
 */
const AUTO_ORDER = ["tfjs-node-gpu", "tfjs-node", "cpu"] as const;

type Loader = () => Promise<string>;

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

async function activate(name: string, tfBackend: string): Promise<string> {
  const ok = await tf.setBackend(tfBackend);
  if (!ok) throw new BackendUnavailableError(name, `tfjs could not initialise its "${tfBackend}" backend`);
  await tf.ready();
  return tfBackend;
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
  webgpu: async () => {
    throw new BackendUnavailableError("webgpu", "WebGPU through Dawn is not wired in yet");
  },
  wasm: async () => {
    await importOptional("@tensorflow/tfjs-backend-wasm");
    return activate("wasm", "wasm");
  },
  cpu: async () => activate("cpu", "cpu"),
};

let current: BackendChoice | undefined;

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
    const tfBackend = await LOADERS[name]();
    current = { name, tfBackend, skipped: [] };
    return current;
  }
  const skipped: BackendChoice["skipped"] = [];
  for (const candidate of AUTO_ORDER) {
    try {
      const tfBackend = await LOADERS[candidate]();
      current = { name: candidate, tfBackend, skipped };
      const passed = skipped.map((s) => `${s.name}: ${s.reason}`).join("; ");
      log(`backend auto: using ${candidate}${passed ? ` (passed over ${passed})` : ""}`);
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
