export { type KernelUse, recordKernels, unregisteredKernels } from "./audit.js";
export { isTrainingKernel, type TrainingBackendName } from "./kernel-override.js";
export { registerTrainingKernels, TRAINING_KERNELS } from "./register-training-kernels.js";
