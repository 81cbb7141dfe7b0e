export { AdamW, type AdamWOptions } from "./adamw.js";
export {
  type ClippedGradients,
  type ClippedGradientTensors,
  clipGradNorm,
  clipGradNormTensors,
} from "./clip-grad-norm.js";
export { createOptimizerFromArgs, type OptimizerArguments } from "./create-optimizer.js";
export { getScheduler, SCHEDULER_NAMES, type SchedulerName, type SchedulerOptions } from "./get-scheduler.js";
export { LambdaLR } from "./lambda-lr.js";
export { createParamGroups, getDecayParameterNames } from "./param-groups.js";
export {
  type PlateauMode,
  type PlateauThresholdMode,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from "./reduce-lr-on-plateau.js";
export type { ScheduleLambda } from "./schedule-lambdas.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { type OptimizerDefaults, StatefulOptimizer } from "./stateful-optimizer.js";
export type { LRScheduler, Optimizer, OptimizerStateDict, ParamGroup, ParamGroupSpec } from "./types.js";
