import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

/** What the diagnosis may look at; tests give their own. */
export interface SystemProbe {
  platform: string;
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  /** File names in a folder; empty when the folder is missing. */
  list(dir: string): string[];
  /** A file's bytes as latin1 text (the dynamic linker's cache is binary); empty when it cannot be read. */
  read?(path: string): string;
}

export const realSystem: SystemProbe = {
  platform: process.platform,
  env: process.env,
  exists: existsSync,
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  read: (path) => {
    try {
      return readFileSync(path, "latin1");
    } catch {
      return "";
    }
  },
};

const LIBRARY_DIRS = [
  "/lib/x86_64-linux-gnu",
  "/usr/lib/x86_64-linux-gnu",
  "/lib/aarch64-linux-gnu",
  "/usr/lib/aarch64-linux-gnu",
  "/lib64",
  "/usr/lib64",
  "/lib",
  "/usr/lib",
  "/usr/local/lib",
];

/** Where the Vulkan loader looks for driver manifests (ICDs) when VK_DRIVER_FILES / VK_ICD_FILENAMES are unset. */
const ICD_DIRS = ["/etc/vulkan/icd.d", "/usr/share/vulkan/icd.d", "/usr/local/share/vulkan/icd.d"];

function findLibrary(system: SystemProbe, file: string): boolean {
  const fromEnv = (system.env.LD_LIBRARY_PATH ?? "").split(delimiter).filter((dir) => dir);
  return [...fromEnv, ...LIBRARY_DIRS].some((dir) => system.exists(join(dir, file)));
}

/**
 * Whether this Linux machine plainly has no Vulkan loader: not in LD_LIBRARY_PATH or the usual folders, and not named
 * in the dynamic linker's cache (which also knows the folders of /etc/ld.so.conf.d). Dawn then cannot find an
 * adapter, and asking it prints a native warning ("Couldn't load Vulkan …") to stderr; `auto` asks only when this
 * is false, so a machine without a GPU stack gets our one-line reason instead.
 */
export function vulkanLoaderAbsent(system: SystemProbe = realSystem): boolean {
  if (system.platform !== "linux") return false;
  if (findLibrary(system, "libvulkan.so.1")) return false;
  return !(system.read?.("/etc/ld.so.cache") ?? "").includes("libvulkan.so.1");
}

function hasVulkanDriver(system: SystemProbe): boolean {
  const named = system.env.VK_DRIVER_FILES ?? system.env.VK_ICD_FILENAMES;
  if (named) return named.split(delimiter).some((file) => file && system.exists(file));
  return ICD_DIRS.some((dir) => system.list(dir).some((file) => file.endsWith(".json")));
}

/**
 * Why Dawn returned no adapter, as precisely as the files on this machine tell: on Linux Dawn reaches the GPU
 * through Vulkan, which needs the loader (libvulkan.so.1), a driver manifest (ICD) and, for NVIDIA's driver, the
 * GL dispatch libraries of libglvnd. Only called after the request failed, so a guess here never refuses a GPU.
 */
export function noAdapterReason(system: SystemProbe = realSystem): string {
  const prefix = "no WebGPU adapter";
  if (system.platform !== "linux") {
    return `${prefix}: Dawn found no GPU with a driver it can use on ${system.platform} (Metal on macOS, D3D12 or Vulkan on Windows)`;
  }
  if (vulkanLoaderAbsent(system)) {
    return `${prefix}: the Vulkan loader libvulkan.so.1 is not installed (Debian/Ubuntu: apt-get install libvulkan1), so Dawn cannot reach a GPU`;
  }
  if (!hasVulkanDriver(system)) {
    const where = system.env.VK_DRIVER_FILES
      ? `VK_DRIVER_FILES=${system.env.VK_DRIVER_FILES}`
      : ICD_DIRS.join(", ");
    return `${prefix}: no Vulkan driver manifest (ICD) in ${where}: no GPU driver with Vulkan support is installed (or VK_DRIVER_FILES does not point to it)`;
  }
  if (!findLibrary(system, "libGLX.so.0") || !findLibrary(system, "libGLdispatch.so.0")) {
    return `${prefix}: the GL dispatch libraries libGLX.so.0 / libGLdispatch.so.0 are missing (Debian/Ubuntu: apt-get install libglx0 libglvnd0 libgl1 libegl1); NVIDIA's Vulkan driver does not load without them`;
  }
  return `${prefix}: the Vulkan loader and a driver are installed, yet Dawn found no adapter: is a GPU visible to this process (nvidia-smi, /dev/nvidia*, /dev/dri)?`;
}
