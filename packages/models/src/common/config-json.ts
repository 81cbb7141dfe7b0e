import { writeFileAtomic } from "@tfjs-trainer/safetensors";

/**
 * config.json and generation_config.json the way HF reads them back. JSON has one number type, but HF 5.x validates
 * config fields strictly: a float field written as `0` (what JSON.stringify makes of 0.0) is rejected as an int. So
 * reading remembers which fields were written as floats, and writing prints those (and HF's usual float fields)
 * with a decimal point.
 */

const FLOAT_FIELDS = Symbol("floatFields");

/** Fields HF declares as float in the configs of the architectures here (their values are often a whole 0.0). */
const KNOWN_FLOAT_FIELDS = [
  "activation_dropout",
  "attention_dropout",
  "attention_probs_dropout_prob",
  "attn_pdrop",
  "classifier_dropout",
  "decoder_layerdrop",
  "diversity_penalty",
  "dropout",
  "dropout_rate",
  "embd_pdrop",
  "encoder_layerdrop",
  "hidden_dropout_prob",
  "init_std",
  "initializer_factor",
  "initializer_range",
  "layer_norm_eps",
  "layer_norm_epsilon",
  "length_penalty",
  "repetition_penalty",
  "resid_pdrop",
  "summary_first_dropout",
  "temperature",
  "top_p",
];

type WithFloatFields = Record<string, unknown> & { [FLOAT_FIELDS]?: Set<string> };

/** JSON.parse, remembering the keys whose numbers were written with a fraction or an exponent. */
export function parseConfigJson(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as WithFloatFields;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("not a JSON object");
  const floats = new Set<string>();
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g)) {
    const literal = match[0].slice(match[0].lastIndexOf(":") + 1);
    if (/[.eE]/.test(literal)) floats.add(JSON.parse(`"${match[1]}"`));
  }
  return keepFloatFields(value, floats);
}

/**
 * Attaches the set of float fields to a config (a hidden property: JSON, spreads and equality checks ignore it), or
 * copies it from another config object that has one.
 */
export function keepFloatFields<T extends object>(target: T, from: object | Set<string>): T {
  const floats = from instanceof Set ? from : (from as WithFloatFields)[FLOAT_FIELDS];
  if (floats)
    Object.defineProperty(target, FLOAT_FIELDS, { value: floats, enumerable: false, configurable: true });
  return target;
}

/** JSON.stringify(config, null, 2) + "\n", with float fields that hold whole numbers written as `N.0`. */
export function stringifyConfigJson(config: object): string {
  const floats = new Set([...KNOWN_FLOAT_FIELDS, ...((config as WithFloatFields)[FLOAT_FIELDS] ?? [])]);
  const marker = "\u0000float:";
  const json = JSON.stringify(
    config,
    (key, value) =>
      floats.has(key) && typeof value === "number" && Number.isInteger(value) ? `${marker}${value}` : value,
    2,
  );
  return `${json.replace(/"\\u0000float:(-?\d+)"/g, "$1.0")}\n`;
}

/**
 * Writes a JSON file the way model.safetensors is written: atomically (a failed write keeps the old file) and with
 * errors that name the path rather than only the system call.
 */
export async function writeJsonFile(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, new TextEncoder().encode(text));
}
