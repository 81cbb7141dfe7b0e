import type { NamedParameter } from "../model/contract.js";
import type { ParamGroupSpec } from "./types.js";

/**
 * HF 5.x `Trainer.get_decay_parameter_names` excludes a parameter from weight decay when its lower-cased full name
 * matches one of these patterns. HF tests them against the name relative to every ancestor module; a match in such a
 * suffix is always a match in the full name too (a suffix starts right after a dot), so testing the full name alone
 * decides the same.
 */
const NO_DECAY_NAME_PATTERNS: readonly RegExp[] = [
  /bias/,
  /layernorm/,
  /rmsnorm/,
  /(?:^|\.)norm(?:$|\.)/,
  /_norm(?:$|\.)/,
];

/**
 * HF also excludes every parameter owned by an `nn.LayerNorm` module, a type test. We have no module types, only HF
 * names, so the type test becomes a name test on the owning module: the LayerNorms of HF models whose names the
 * patterns above miss are GPT-2's `ln_1`, `ln_2`, `ln_f` (and the `ln` / `ln_*` naming other ports copy). Every other
 * HF LayerNorm we train (BERT `LayerNorm`, BART `*_layer_norm` / `layernorm_embedding`, T5 `layer_norm`) is caught by
 * the patterns already.
 */
const LAYER_NORM_MODULE_NAME = /^ln(?:_\w+)?$/;

function ownedByLayerNorm(name: string): boolean {
  const segments = name.split(".");
  if (segments.length < 2) return false;
  return LAYER_NORM_MODULE_NAME.test(segments[segments.length - 2]);
}

/** The names, among `names`, that HF 5.x applies weight decay to (everything but biases and norm weights). */
export function getDecayParameterNames(names: readonly string[]): Set<string> {
  const decay = new Set<string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    if (NO_DECAY_NAME_PATTERNS.some((pattern) => pattern.test(lower))) continue;
    if (ownedByLayerNorm(name)) continue;
    decay.add(name);
  }
  return decay;
}

/**
 * HF's `Trainer.create_optimizer` grouping: first the parameters that get `weightDecay`, then the rest with weight
 * decay 0, each group keeping the parameters' order. Both groups are always present (as in HF), so schedulers and
 * logs see the same number of groups whatever the model.
 */
export function createParamGroups(
  params: readonly NamedParameter[],
  weightDecay: number,
  lr: number,
): ParamGroupSpec[] {
  const decayNames = getDecayParameterNames(params.map((p) => p.name));
  return [
    { params: params.filter((p) => decayNames.has(p.name)), weightDecay, lr },
    { params: params.filter((p) => !decayNames.has(p.name)), weightDecay: 0, lr },
  ];
}
