import type * as tf from "@tensorflow/tfjs";
import type { DropoutMaskAttrs } from "../ops/dropout-mask.js";

/** What of tfjs-backend-webgpu's backend this kernel uses (its own typings need the WebGPU globals). */
interface WebGpuBackendLike {
  runWebGPUProgram(
    program: object,
    inputs: tf.TensorInfo[],
    outputDtype: "float32",
    uniforms: { type: "uint32" | "float32"; data: number[] }[],
  ): tf.TensorInfo;
}

const WORKGROUP = 64;
/** WebGPU's limit on workgroups along one dispatch axis. */
const MAX_WORKGROUPS_PER_AXIS = 65535;

/**
 * The dropout mask as a WebGPU program: each invocation hashes its own counter (mulberry32, as `dropoutMaskValues`
 * on the host, in the same uint32 arithmetic), so the device draws the host's mask bit for bit without a host loop
 * or an upload.
 */
function dropoutMaskProgram(shape: number[], size: number) {
  const groups = Math.ceil(size / WORKGROUP);
  const x = Math.min(groups, MAX_WORKGROUPS_PER_AXIS);
  return {
    outputShape: shape,
    shaderKey: "tfjsTrainerDropoutMask",
    variableNames: [],
    uniforms: "seed : u32, threshold : u32, scale : f32,",
    workgroupSize: [WORKGROUP, 1, 1] as [number, number, number],
    size: true,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [x, Math.ceil(groups / x), 1] as [number, number, number],
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let state = uniforms.seed + (u32(index) + 1u) * 0x6d2b79f5u;
          var t = (state ^ (state >> 15u)) * (1u | state);
          t = (t + (t ^ (t >> 7u)) * (61u | t)) ^ t;
          let draw = t ^ (t >> 14u);
          setOutputAtIndex(index, select(0.0, uniforms.scale, draw >= uniforms.threshold));
        }
      }`,
  };
}

export const dropoutMaskWebGpu: tf.KernelFunc = ({ backend, attrs }) => {
  const { shape, seed, threshold, scale } = attrs as unknown as DropoutMaskAttrs;
  const size = shape.reduce((a, b) => a * b, 1);
  return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(
    dropoutMaskProgram(shape, size),
    [],
    "float32",
    [
      { type: "uint32", data: [seed >>> 0] },
      { type: "uint32", data: [threshold] },
      { type: "float32", data: [scale] },
    ],
  );
};
