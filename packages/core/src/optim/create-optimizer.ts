import type { NamedParameter } from "../model/contract.js";
import { AdamW } from "./adamw.js";
import { createParamGroups } from "./param-groups.js";
import { SGD } from "./sgd.js";
import type { Optimizer } from "./types.js";

/** The TrainingArguments fields (HF names) that choose and configure the optimizer. */
export interface OptimizerArguments {
  /** HF's `optim`; absent means AdamW. */
  optim?: string;
  learning_rate: number;
  weight_decay: number;
  adam_beta1: number;
  adam_beta2: number;
  adam_epsilon: number;
}

/** `optim` values we implement; the fused and plain torch AdamW differ only in how torch schedules the same math. */
export const SUPPORTED_OPTIM_NAMES = ["adamw_torch", "adamw_torch_fused", "sgd"] as const;

/**
 * HF's `Trainer.create_optimizer` for the default path: parameters split into a decayed and a non-decayed group
 * (see `createParamGroups`), then the optimizer class `optim` names with the arguments' lr (and Adam's betas / eps).
 * HF builds torch's SGD with the lr alone, so momentum stays 0 here too.
 */
export function createOptimizerFromArgs(
  params: readonly NamedParameter[],
  args: OptimizerArguments,
): Optimizer {
  const optim = args.optim ?? "adamw_torch";
  const groups = createParamGroups(params, args.weight_decay, args.learning_rate);
  switch (optim) {
    case "adamw_torch":
    case "adamw_torch_fused":
      return new AdamW(groups, {
        lr: args.learning_rate,
        betas: [args.adam_beta1, args.adam_beta2],
        eps: args.adam_epsilon,
      });
    case "sgd":
      return new SGD(groups, { lr: args.learning_rate });
    default:
      throw new Error(
        `optim '${optim}' is not supported: expected one of ${SUPPORTED_OPTIM_NAMES.join(", ")}`,
      );
  }
}
