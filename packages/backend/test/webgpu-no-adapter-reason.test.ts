import { describe, expect, it } from "vitest";
import { noAdapterReason, type SystemProbe } from "../src/webgpu/no-adapter-reason.js";

/** A Linux machine holding exactly `files`, with `env`. */
function linuxWith(files: string[], env: Record<string, string> = {}): SystemProbe {
  const present = new Set(files);
  return {
    platform: "linux",
    env,
    exists: (path) => present.has(path),
    list: (dir) => files.filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1)),
  };
}

const LOADER = "/usr/lib/x86_64-linux-gnu/libvulkan.so.1";
const ICD = "/usr/share/vulkan/icd.d/nvidia_icd.json";
const GLVND = ["/usr/lib/x86_64-linux-gnu/libGLX.so.0", "/usr/lib/x86_64-linux-gnu/libGLdispatch.so.0"];

describe("why Dawn found no adapter", () => {
  it("names the missing Vulkan loader first", () => {
    expect(noAdapterReason(linuxWith([ICD, ...GLVND]))).toMatch(
      /libvulkan\.so\.1 is not installed.*libvulkan1/,
    );
  });

  it("finds the loader through LD_LIBRARY_PATH", () => {
    const reason = noAdapterReason(linuxWith(["/opt/vk/libvulkan.so.1"], { LD_LIBRARY_PATH: "/opt/vk" }));
    expect(reason).toMatch(/no Vulkan driver manifest \(ICD\)/);
  });

  it("says no driver when no ICD manifest exists, and where it looked", () => {
    const reason = noAdapterReason(linuxWith([LOADER, ...GLVND]));
    expect(reason).toMatch(
      /no Vulkan driver manifest \(ICD\) in \/etc\/vulkan\/icd\.d, \/usr\/share\/vulkan/,
    );
  });

  it("checks the manifest VK_DRIVER_FILES names instead of the default folders", () => {
    const named = { VK_DRIVER_FILES: "/usr/local/nvidia/icd.json" };
    expect(noAdapterReason(linuxWith([LOADER, ICD, ...GLVND], named))).toMatch(
      /ICD\) in VK_DRIVER_FILES=\/usr\/local\/nvidia\/icd\.json/,
    );
    expect(noAdapterReason(linuxWith([LOADER, "/usr/local/nvidia/icd.json", ...GLVND], named))).toMatch(
      /yet Dawn found no adapter/,
    );
  });

  it("names the GL dispatch libraries NVIDIA's driver needs", () => {
    expect(noAdapterReason(linuxWith([LOADER, ICD, GLVND[0]]))).toMatch(
      /libGLX\.so\.0 \/ libGLdispatch\.so\.0/,
    );
  });

  it("with everything installed, points at the GPU's visibility", () => {
    expect(noAdapterReason(linuxWith([LOADER, ICD, ...GLVND]))).toMatch(/is a GPU visible to this process/);
  });

  it("outside Linux, names the platform", () => {
    expect(noAdapterReason({ ...linuxWith([]), platform: "darwin" })).toMatch(/on darwin/);
  });
});
