import * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "../model/contract.js";
import { isRecord, requireFiniteNumber, requireNonNegative } from "./checks.js";
import { disposeParameterState, ownedBuffer, type ParameterState, stateTensorKey } from "./param-state.js";
import type { Optimizer, OptimizerStateDict, ParamGroup, ParamGroupSpec } from "./types.js";

/** Hyperparameters a group takes from the optimizer when its spec leaves them out. */
export interface OptimizerDefaults {
  lr: number;
  weightDecay: number;
  [hyperparameter: string]: unknown;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

function isNamedParameterList(
  params: readonly NamedParameter[] | readonly ParamGroupSpec[],
): params is readonly NamedParameter[] {
  return params.length > 0 && "variable" in params[0];
}

/**
 * What every optimizer here shares: parameter groups with torch's semantics (per-group hyperparameters, `initialLr`
 * for schedulers), lazily created per-parameter state, and a checkpoint format keyed by parameter name (torch keys
 * by position, which breaks as soon as a model's parameter order changes). Subclasses supply the update rule and say
 * which buffers and scalars a parameter's state holds.
 */
export abstract class StatefulOptimizer implements Optimizer {
  readonly paramGroups: ParamGroup[];
  protected readonly state = new Map<string, ParameterState>();
  private readonly groupIndexByName = new Map<string, number>();
  private readonly paramByName = new Map<string, NamedParameter>();

  protected constructor(
    /** Written into the state dict so a state cannot be loaded into another kind of optimizer. */
    protected readonly kind: string,
    params: readonly NamedParameter[] | readonly ParamGroupSpec[],
    defaults: OptimizerDefaults,
    /** Group keys besides lr / initialLr / weightDecay that belong to the update rule and are checkpointed. */
    private readonly hyperparameterNames: readonly string[],
  ) {
    if (params.length === 0) throw new Error(`${kind}: got an empty parameter list`);
    const specs: readonly ParamGroupSpec[] = isNamedParameterList(params)
      ? [{ params: [...params] }]
      : params;
    this.paramGroups = specs.map((spec, index) => this.createGroup(spec, defaults, index));
  }

  private createGroup(spec: ParamGroupSpec, defaults: OptimizerDefaults, index: number): ParamGroup {
    const lr = spec.lr ?? defaults.lr;
    const group: ParamGroup = {
      ...spec,
      params: [...spec.params],
      lr,
      initialLr: lr,
      weightDecay: spec.weightDecay ?? defaults.weightDecay,
    };
    for (const key of this.hyperparameterNames) group[key] = spec[key] ?? defaults[key];
    this.validateGroup(group, `${this.kind} group ${index}`);
    for (const param of group.params) {
      if (this.groupIndexByName.has(param.name)) {
        throw new Error(`${this.kind}: parameter '${param.name}' appears in more than one parameter group`);
      }
      this.groupIndexByName.set(param.name, index);
      this.paramByName.set(param.name, param);
    }
    return group;
  }

  private validateGroup(group: ParamGroup, where: string): void {
    requireNonNegative(group.lr, `${where}: lr`);
    requireNonNegative(group.initialLr, `${where}: initial lr`);
    requireNonNegative(group.weightDecay, `${where}: weight decay`);
    this.validateHyperparameters(group, where);
  }

  /** Throws naming `where` and the hyperparameter when one of the update rule's own hyperparameters is invalid. */
  protected abstract validateHyperparameters(group: ParamGroup, where: string): void;
  /** The buffers a parameter of `group` has once its state exists. */
  protected abstract stateSlots(group: ParamGroup): readonly string[];
  /** The JSON scalars a parameter's state has (e.g. `step`). */
  protected abstract stateScalars(): readonly string[];
  /** Updates one parameter (and its state) in place; runs inside `tf.tidy`, so intermediates need no disposing. */
  protected abstract updateParameter(param: NamedParameter, grad: tf.Tensor, group: ParamGroup): void;

  step(grads: Record<string, tf.Tensor>): void {
    // Everything is checked before anything changes, so a bad gradient cannot leave half the model updated.
    for (const [name, grad] of Object.entries(grads)) {
      const param = this.paramByName.get(name);
      if (param === undefined) {
        throw new Error(
          `${this.kind}.step: got a gradient for '${name}', which is not a parameter of this optimizer`,
        );
      }
      if (!sameShape(grad.shape, param.variable.shape)) {
        throw new Error(
          `${this.kind}.step: the gradient of '${name}' has shape [${grad.shape}] but the parameter has [${param.variable.shape}]`,
        );
      }
    }
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        if (!Object.hasOwn(grads, param.name)) continue;
        const grad = grads[param.name];
        tf.tidy(() => this.updateParameter(param, grad, group));
      }
    }
  }

  stateDict(): OptimizerStateDict {
    const tensors: Record<string, tf.Tensor> = {};
    const perParameter: Record<string, Record<string, number>> = {};
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        const paramState = this.state.get(param.name);
        if (paramState === undefined) continue;
        for (const [slot, buffer] of Object.entries(paramState.buffers)) {
          tensors[stateTensorKey(param.name, slot)] = buffer.clone();
        }
        perParameter[param.name] = { ...paramState.scalars };
      }
    }
    return {
      tensors,
      meta: {
        optimizer: this.kind,
        param_groups: this.paramGroups.map((group) => this.describeGroup(group)),
        state: perParameter,
      },
    };
  }

  /** A group as JSON, with torch's key names. */
  private describeGroup(group: ParamGroup): Record<string, unknown> {
    const description: Record<string, unknown> = {
      lr: group.lr,
      initial_lr: group.initialLr,
      weight_decay: group.weightDecay,
    };
    for (const key of this.hyperparameterNames) description[key] = structuredClone(group[key]);
    description.params = group.params.map((p) => p.name);
    return description;
  }

  loadStateDict(saved: OptimizerStateDict): void {
    const where = `${this.kind}.loadStateDict`;
    const meta = saved.meta;
    if (!isRecord(meta)) throw new Error(`${where}: meta must be an object`);
    if (meta.optimizer !== undefined && meta.optimizer !== this.kind) {
      throw new Error(`${where}: the state was written by a ${String(meta.optimizer)} optimizer`);
    }
    const groups = this.readSavedGroups(meta.param_groups, where);
    const restored = this.readSavedState(meta.state, saved.tensors, groups, where);

    for (const paramState of this.state.values()) disposeParameterState(paramState);
    this.state.clear();
    for (const [name, paramState] of restored) this.state.set(name, paramState);
    // The group objects stay the same (schedulers hold them); only their hyperparameters change.
    this.paramGroups.forEach((group, i) => {
      Object.assign(group, groups[i]);
    });
  }

  /** The saved groups' hyperparameters, checked against this optimizer's groups (same names in each group). */
  private readSavedGroups(savedGroups: unknown, where: string): ParamGroup[] {
    if (!Array.isArray(savedGroups)) throw new Error(`${where}: meta.param_groups must be an array`);
    if (savedGroups.length !== this.paramGroups.length) {
      throw new Error(
        `${where}: the saved state has ${savedGroups.length} parameter groups, this optimizer has ${this.paramGroups.length}`,
      );
    }
    return this.paramGroups.map((group, i) => {
      const saved: unknown = savedGroups[i];
      if (!isRecord(saved) || !Array.isArray(saved.params)) {
        throw new Error(`${where}: saved group ${i} must be an object with a params list`);
      }
      const savedNames = new Set(saved.params.map(String));
      const ownNames = new Set(group.params.map((p) => p.name));
      for (const name of savedNames) {
        if (!ownNames.has(name)) {
          throw new Error(
            `${where}: parameter '${name}' is in saved group ${i} but not in group ${i} of this optimizer`,
          );
        }
      }
      for (const name of ownNames) {
        if (!savedNames.has(name))
          throw new Error(`${where}: parameter '${name}' of group ${i} is not in the saved state`);
      }
      const restored: ParamGroup = {
        ...group,
        lr: requireFiniteNumber(saved.lr, `${where}: saved group ${i} lr`),
        initialLr: requireFiniteNumber(saved.initial_lr, `${where}: saved group ${i} initial_lr`),
        weightDecay: requireFiniteNumber(saved.weight_decay, `${where}: saved group ${i} weight_decay`),
      };
      for (const key of this.hyperparameterNames) restored[key] = structuredClone(saved[key]);
      this.validateGroup(restored, `${where}: saved group ${i}`);
      return restored;
    });
  }

  /** New per-parameter state from the saved scalars and tensors; throws naming the parameter on any mismatch. */
  private readSavedState(
    savedState: unknown,
    tensors: Record<string, tf.Tensor>,
    groups: readonly ParamGroup[],
    where: string,
  ): Map<string, ParameterState> {
    const perParameter = savedState ?? {};
    if (!isRecord(perParameter)) throw new Error(`${where}: meta.state must be an object`);
    const plan: Array<{ name: string; scalars: Record<string, number>; slots: Record<string, tf.Tensor> }> =
      [];
    const usedKeys = new Set<string>();
    for (const [name, savedScalars] of Object.entries(perParameter)) {
      const groupIndex = this.groupIndexByName.get(name);
      const param = this.paramByName.get(name);
      if (groupIndex === undefined || param === undefined) {
        throw new Error(
          `${where}: the saved state has state for '${name}', which is not a parameter of this optimizer`,
        );
      }
      if (!isRecord(savedScalars))
        throw new Error(`${where}: the saved state of '${name}' must be an object`);
      const scalars: Record<string, number> = {};
      for (const key of this.stateScalars()) {
        scalars[key] = requireFiniteNumber(savedScalars[key], `${where}: '${name}' ${key}`);
      }
      const slots: Record<string, tf.Tensor> = {};
      for (const slot of this.stateSlots(groups[groupIndex])) {
        const key = stateTensorKey(name, slot);
        const tensor = Object.hasOwn(tensors, key) ? tensors[key] : undefined;
        if (tensor === undefined)
          throw new Error(`${where}: tensor '${key}' of parameter '${name}' is missing`);
        if (!sameShape(tensor.shape, param.variable.shape)) {
          throw new Error(
            `${where}: tensor '${key}' has shape [${tensor.shape}] but parameter '${name}' has shape [${param.variable.shape}]`,
          );
        }
        if (tensor.dtype !== "float32") {
          throw new Error(
            `${where}: tensor '${key}' of parameter '${name}' is ${tensor.dtype}, expected float32`,
          );
        }
        slots[slot] = tensor;
        usedKeys.add(key);
      }
      plan.push({ name, scalars, slots });
    }
    for (const key of Object.keys(tensors)) {
      if (!usedKeys.has(key))
        throw new Error(`${where}: tensor '${key}' belongs to no parameter state of this optimizer`);
    }
    const restored = new Map<string, ParameterState>();
    for (const { name, scalars, slots } of plan) {
      const buffers: Record<string, tf.Variable> = {};
      for (const [slot, tensor] of Object.entries(slots)) buffers[slot] = ownedBuffer(tensor);
      restored.set(name, { buffers, scalars });
    }
    return restored;
  }

  dispose(): void {
    for (const paramState of this.state.values()) disposeParameterState(paramState);
    this.state.clear();
  }
}
