/** SQuAD's answers column, as HF datasets gives it: parallel lists (empty for an unanswerable SQuAD v2 question). */
export interface QaAnswers {
  text: readonly string[];
  answer_start: readonly number[];
}

/** One raw example (HF's `eval_examples` row): an id, a question, its context and the reference answers. */
export interface QaExample {
  id: string;
  question: string;
  context: string;
  answers: QaAnswers;
}

/** Character span [start, end) of a token in the context; `null` where the token is not part of the context. */
export type QaOffset = readonly [number, number] | readonly number[] | null;

/**
 * What postprocessing needs of one validation feature (HF's `prepare_validation_features` output beside the model
 * inputs): the id of the example it comes from and the offset of each token in that example's context.
 */
export interface QaFeatureMeta {
  example_id: string;
  offset_mapping: readonly QaOffset[];
  /** Optional: positions (as strings) whose token has its maximum context in this feature; others never start an answer. */
  token_is_max_context?: Readonly<Record<string, boolean>> | null;
}

/** A validation feature: model inputs plus the metadata postprocessing reads. */
export interface QaValidationFeature extends QaFeatureMeta {
  input_ids: number[];
  attention_mask: number[];
  token_type_ids?: number[];
}

/** A training feature: model inputs plus the answer's token positions (the CLS index when it is not in the window). */
export interface QaTrainFeature {
  input_ids: number[];
  attention_mask: number[];
  token_type_ids?: number[];
  start_positions: number;
  end_positions: number;
}

/** One entry of an example's n-best list, with HF's keys in HF's order. */
export interface NbestEntry {
  start_logit: number;
  end_logit: number;
  text: string;
  probability: number;
}
