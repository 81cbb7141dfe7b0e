export { isTrainingKernel, registerTrainingKernels, TRAINING_KERNELS } from "./kernels/index.js";
export {
  DROPOUT_MASK_KERNEL,
  type DropoutMaskAttrs,
  dropoutMask,
  dropoutMaskAttrs,
  dropoutMaskValues,
  mulberry32Hash,
} from "./ops/dropout-mask.js";
export * from "./parallel/index.js";
export {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendName,
  BackendUnavailableError,
  setupBackend,
} from "./setup-backend.js";
