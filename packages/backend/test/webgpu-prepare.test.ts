import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { DawnModule, WebGpuAdapter } from "../src/webgpu/dawn.js";
import type { SystemProbe } from "../src/webgpu/no-adapter-reason.js";
import { prepareWebGpu, type WebGpuPackages } from "../src/webgpu/prepare-webgpu.js";

/** What the fake Dawn hands out; each test sets it. Dawn's `navigator.gpu` is installed once per process. */
let nextAdapter: (WebGpuAdapter & Record<string, unknown>) | null = null;
const fakeDawn: DawnModule = {
  create: () => ({ requestAdapter: async () => nextAdapter }),
  globals: {},
};

function missing(pkg: string): Error {
  return Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/index.js`), {
    code: "ERR_MODULE_NOT_FOUND",
  });
}

const noFiles: SystemProbe = { platform: "linux", env: {}, exists: () => false, list: () => [] };

function packages(overrides: Partial<WebGpuPackages>): WebGpuPackages {
  return { dawn: async () => fakeDawn, tfjsBackend: async () => undefined, ...overrides };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("prepareWebGpu", () => {
  it("names the install command when the webgpu package is missing", async () => {
    const loaded = await prepareWebGpu(packages({ dawn: () => Promise.reject(missing("webgpu")) }), noFiles);
    expect(loaded).toEqual({
      ok: false,
      reason:
        "the package webgpu is not installed (npm install webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0)",
    });
  });

  it("passes on why an installed package failed to load", async () => {
    const dlopen = new Error("libstdc++.so.6: version `GLIBCXX_3.4.32' not found");
    const loaded = await prepareWebGpu(packages({ dawn: () => Promise.reject(dlopen) }), noFiles);
    expect(loaded).toEqual({ ok: false, reason: `the package webgpu failed to load: ${dlopen.message}` });
  });

  it("a missing dependency of the package is not reported as the package missing", async () => {
    const loaded = await prepareWebGpu(packages({ dawn: () => Promise.reject(missing("debug")) }), noFiles);
    expect(loaded.ok || loaded.reason).toMatch(
      /^the package webgpu failed to load: Cannot find package 'debug'/,
    );
  });

  it("names the install command when tfjs-backend-webgpu is missing", async () => {
    const pkg = "@tensorflow/tfjs-backend-webgpu";
    const loaded = await prepareWebGpu(
      packages({ tfjsBackend: () => Promise.reject(missing(pkg)) }),
      noFiles,
    );
    expect(loaded.ok || loaded.reason).toMatch(
      /^the package @tensorflow\/tfjs-backend-webgpu is not installed \(npm/,
    );
  });

  it("without an adapter, says why and unregisters the backend tfjs could otherwise pick by priority", async () => {
    nextAdapter = null;
    const register = async () => tf.registerBackend("webgpu", () => Promise.reject(new Error("unused")), 3);
    const loaded = await prepareWebGpu(packages({ tfjsBackend: register }), noFiles);
    expect(loaded.ok || loaded.reason).toMatch(/^no WebGPU adapter: the Vulkan loader libvulkan\.so\.1/);
    expect(tf.findBackendFactory("webgpu")).toBeNull();
    expect(tf.getBackend()).toBe("cpu");
  });

  it("with an adapter but no registered backend, says how that comes about", async () => {
    nextAdapter = { info: { vendor: "acme" } };
    if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
    const prepared = await prepareWebGpu(packages({}), noFiles);
    expect(prepared.ok || prepared.reason).toMatch(
      /^tfjs has no "webgpu" backend registered: .* imported before/,
    );
  });

  it("with an adapter and the real tfjs-backend-webgpu, names the adapter and leaves setting it to the caller", async () => {
    nextAdapter = { info: { vendor: "acme", architecture: "rdna9", description: "Acme GPU" } };
    // the real package registers "webgpu" only because navigator.gpu (the fake) exists by now
    const prepared = await prepareWebGpu(
      packages({ tfjsBackend: () => import("@tensorflow/tfjs-backend-webgpu") }),
      noFiles,
    );
    expect(prepared).toEqual({ ok: true, adapter: "acme (rdna9) Acme GPU" });
    expect(tf.findBackendFactory("webgpu")).not.toBeNull();
    expect(tf.getBackend()).toBe("cpu");
  });
});
