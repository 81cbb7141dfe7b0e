/**
 * The parts of the `webgpu` package (Dawn's Node bindings) and of WebGPU that backend selection touches, typed here
 * so that the package's global WebGPU typings stay out of this package's declarations.
 */
export interface DawnModule {
  create(options: string[]): WebGpu;
  globals: object;
}

export interface WebGpu {
  requestAdapter(options?: {
    powerPreference?: "low-power" | "high-performance";
  }): Promise<WebGpuAdapter | null>;
}

export interface WebGpuAdapter {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

/** The versions this project was measured with; the install command in error messages names them. */
export const WEBGPU_INSTALL = "npm install webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0";

/**
 * Makes Dawn the WebGPU of this process, as a browser would provide it: the GPU* classes and constants
 * (GPUBufferUsage …) as globals and `navigator.gpu`. tfjs-backend-webgpu registers itself only when
 * `navigator.gpu` exists at its import, so this runs before that import.
 */
export function installDawnGlobals(dawn: DawnModule): WebGpu {
  const existing = (globalThis as { navigator?: { gpu?: WebGpu } }).navigator;
  if (existing?.gpu) return existing.gpu;
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  if (existing) {
    // Node 21+ has a navigator of its own (a getter on globalThis): add gpu to it rather than replace it
    Object.defineProperty(existing, "gpu", { value: gpu, configurable: true });
  } else {
    Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  }
  return gpu;
}

/** "NVIDIA (hopper) NVIDIA H200" from what the adapter tells of itself. */
export function describeAdapter(adapter: WebGpuAdapter): string {
  const info = adapter.info ?? {};
  const parts = [
    info.vendor,
    info.architecture ? `(${info.architecture})` : "",
    info.description || info.device,
  ];
  return parts.filter((part) => part).join(" ") || "an unnamed adapter";
}
