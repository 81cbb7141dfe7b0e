import * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "../model/contract.js";
import { requireBoolean, requireFiniteNumber, requireNonNegative } from "./checks.js";
import { ownedBuffer } from "./param-state.js";
import { StatefulOptimizer } from "./stateful-optimizer.js";
import type { ParamGroup, ParamGroupSpec } from "./types.js";

export interface SGDOptions {
  /** Default 1e-3 (torch). */
  lr?: number;
  /** Default 0. */
  momentum?: number;
  /** Default 0. */
  dampening?: number;
  /** L2 penalty added to the gradient (not decoupled). Default 0. */
  weightDecay?: number;
  /** Default false; needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
}

/**
 * torch.optim.SGD, single-tensor path, in torch's float32 operation order:
 *
 *   g  = g + wd * p                                     (when wd != 0)
 *   b  = g on the first step, else b * μ + (1 - τ) * g  (when μ != 0; the buffer starts as the gradient, undampened)
 *   g  = nesterov ? g + μ * b : b
 *   p  = p + (-lr) * g
 */
export class SGD extends StatefulOptimizer {
  constructor(params: readonly NamedParameter[] | readonly ParamGroupSpec[], options: SGDOptions = {}) {
    super(
      "SGD",
      params,
      {
        lr: options.lr ?? 1e-3,
        weightDecay: options.weightDecay ?? 0,
        momentum: options.momentum ?? 0,
        dampening: options.dampening ?? 0,
        nesterov: options.nesterov ?? false,
      },
      ["momentum", "dampening", "nesterov"],
    );
  }

  protected validateHyperparameters(group: ParamGroup, where: string): void {
    const momentum = requireNonNegative(group.momentum, `${where}: momentum`);
    const dampening = requireFiniteNumber(group.dampening, `${where}: dampening`);
    const nesterov = requireBoolean(group.nesterov, `${where}: nesterov`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new Error(`${where}: Nesterov momentum needs momentum > 0 and dampening 0`);
    }
  }

  protected stateSlots(group: ParamGroup): readonly string[] {
    return group.momentum !== 0 ? ["momentum_buffer"] : [];
  }

  protected stateScalars(): readonly string[] {
    return [];
  }

  protected updateParameter(param: NamedParameter, grad: tf.Tensor, group: ParamGroup): void {
    const momentum = group.momentum as number;
    const dampening = group.dampening as number;
    const { lr, weightDecay } = group;
    const variable = param.variable;

    let direction = weightDecay !== 0 ? tf.add(grad, tf.mul(variable, weightDecay)) : grad;
    if (momentum !== 0) {
      const paramState = this.state.get(param.name);
      let buffer: tf.Tensor;
      if (paramState === undefined) {
        const created = ownedBuffer(direction);
        this.state.set(param.name, { buffers: { momentum_buffer: created }, scalars: {} });
        buffer = created;
      } else {
        const existing = paramState.buffers.momentum_buffer;
        existing.assign(tf.add(tf.mul(existing, momentum), tf.mul(direction, 1 - dampening)));
        buffer = existing;
      }
      direction = group.nesterov ? tf.add(direction, tf.mul(buffer, momentum)) : buffer;
    }
    variable.assign(tf.add(variable, tf.mul(direction, -lr)));
  }
}
