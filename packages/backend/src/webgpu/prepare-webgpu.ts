import * as tf from "@tensorflow/tfjs";
import { type DawnModule, describeAdapter, installDawnGlobals, WEBGPU_INSTALL } from "./dawn.js";
import { noAdapterReason, realSystem, type SystemProbe } from "./no-adapter-reason.js";

/** How the two optional packages are imported; tests replace them. */
export interface WebGpuPackages {
  dawn(): Promise<DawnModule>;
  /** Imported for its side effect: it registers the "webgpu" backend with tfjs. */
  tfjsBackend(): Promise<unknown>;
}

const INSTALLED_PACKAGES: WebGpuPackages = {
  dawn: async () => (await import("webgpu")) as unknown as DawnModule,
  tfjsBackend: () => import("@tensorflow/tfjs-backend-webgpu"),
};

export type WebGpuPreparation = { ok: true; adapter: string } | { ok: false; reason: string };

function importFailure(pkg: string, error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const missing = (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && message?.includes(pkg);
  if (missing) return `the package ${pkg} is not installed (${WEBGPU_INSTALL})`;
  return `the package ${pkg} failed to load: ${message ?? String(error)}`;
}

/**
 * Gets tfjs's "webgpu" backend ready to be set on Dawn, or says precisely why it cannot be: a package missing, or no
 * adapter (and what on this machine explains it). Setting it, and checking that tfjs took it, is the caller's part.
 */
export async function prepareWebGpu(
  packages: WebGpuPackages = INSTALLED_PACKAGES,
  system: SystemProbe = realSystem,
): Promise<WebGpuPreparation> {
  let dawn: DawnModule;
  try {
    dawn = await packages.dawn();
  } catch (error) {
    return { ok: false, reason: importFailure("webgpu", error) };
  }
  const gpu = installDawnGlobals(dawn);
  try {
    await packages.tfjsBackend();
  } catch (error) {
    return { ok: false, reason: importFailure("@tensorflow/tfjs-backend-webgpu", error) };
  }
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) {
    // without an adapter the registered factory can only fail; removing it keeps tfjs's own default choice
    // (highest priority first) from trying it
    if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
    return { ok: false, reason: noAdapterReason(system) };
  }
  if (!tf.findBackendFactory("webgpu")) {
    return {
      ok: false,
      reason:
        'tfjs has no "webgpu" backend registered: @tensorflow/tfjs-backend-webgpu was imported before navigator.gpu ' +
        "existed (import it only through setupBackend), or an earlier attempt was refused and unregistered it",
    };
  }
  return { ok: true, adapter: describeAdapter(adapter) };
}
