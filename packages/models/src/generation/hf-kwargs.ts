import { GENERATE_OPTION_NAMES, type GenerateOptions, HF_NAME_OF_OPTION } from "./options.js";

/**
 * Arguments HF's generate() takes that change nothing in the returned ids here: output_* and return_dict_in_generate
 * shape HF's return value, use_cache only its speed (generate() always decodes with the cache).
 */
const OUTPUT_NEUTRAL = new Set([
  "use_cache",
  "output_scores",
  "output_logits",
  "output_attentions",
  "output_hidden_states",
  "return_dict_in_generate",
]);

/**
 * generate() options from the keyword arguments one would give HF's model.generate (snake_case names, as in a
 * Seq2SeqTrainingArguments generation config or a recorded fixture). An argument generate() does not implement
 * fails, naming it, rather than being silently ignored.
 */
export function generateOptionsFromHF(kwargs: Record<string, unknown>): GenerateOptions {
  const optionOf = new Map(GENERATE_OPTION_NAMES.map((option) => [HF_NAME_OF_OPTION[option], option]));
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(kwargs)) {
    if (OUTPUT_NEUTRAL.has(name)) continue;
    const option = optionOf.get(name);
    if (!option) {
      throw new Error(
        `generate: HF argument "${name}" is not supported (supported: ${[...optionOf.keys(), ...OUTPUT_NEUTRAL].join(", ")})`,
      );
    }
    if (option === "doSample" && value !== false)
      throw new Error("generate: do_sample=true (sampling) is not supported");
    options[option] = value;
  }
  return options as GenerateOptions;
}
