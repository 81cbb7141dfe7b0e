import { describe, expect, it } from "vitest";
import { noAdapterReason, type SystemProbe, vulkanLoaderAbsent } from "../src/webgpu/no-adapter-reason.js";

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

describe("whether auto may skip asking Dawn (no Vulkan loader at all)", () => {
  it("is absent with no loader file and a linker cache that does not name it", () => {
    const system = {
      ...linuxWith([ICD]),
      read: () => "ld.so-1.7.0 libc.so.6 /lib/x86_64-linux-gnu/libc.so.6",
    };
    expect(vulkanLoaderAbsent(system)).toBe(true);
    expect(vulkanLoaderAbsent(linuxWith([]))).toBe(true);
  });

  it("is present in a usual folder, in LD_LIBRARY_PATH, or named by the dynamic linker's cache", () => {
    expect(vulkanLoaderAbsent(linuxWith([LOADER]))).toBe(false);
    expect(vulkanLoaderAbsent(linuxWith(["/opt/vk/libvulkan.so.1"], { LD_LIBRARY_PATH: "/opt/vk" }))).toBe(
      false,
    );
    const cached = {
      ...linuxWith([]),
      read: () => "glibc-ld.so.cache1.1 libvulkan.so.1 /opt/gpu/lib/libvulkan.so.1",
    };
    expect(vulkanLoaderAbsent(cached)).toBe(false);
    // and then the diagnosis does not call it missing either
    expect(noAdapterReason(cached)).not.toMatch(/libvulkan\.so\.1 is not installed/);
  });

  it("is never assumed absent off Linux", () => {
    expect(vulkanLoaderAbsent({ ...linuxWith([]), platform: "darwin" })).toBe(false);
  });
});
