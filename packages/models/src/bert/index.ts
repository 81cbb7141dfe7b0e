import { registerArchitecture } from "../common/pretrained-model.js";
import { BertModel } from "./bert-model.js";
import { BertForMaskedLM } from "./heads/masked-lm.js";
import { BertForMultipleChoice } from "./heads/multiple-choice.js";
import { BertForQuestionAnswering } from "./heads/question-answering.js";
import { BertForSequenceClassification } from "./heads/sequence-classification.js";
import { BertForTokenClassification } from "./heads/token-classification.js";

export { BertModel } from "./bert-model.js";
export {
  BERT_DEFAULTS,
  type BertConfig,
  type BertConfigFields,
  classifierDropoutRate,
  type ProblemType,
  resolveBertConfig,
} from "./config.js";
export { BertForMaskedLM } from "./heads/masked-lm.js";
export { BertForMultipleChoice } from "./heads/multiple-choice.js";
export { BertForQuestionAnswering } from "./heads/question-answering.js";
export { BertForSequenceClassification } from "./heads/sequence-classification.js";
export { BertForTokenClassification } from "./heads/token-classification.js";
export {
  binaryCrossEntropyWithLogits,
  inferProblemType,
  meanSquaredError,
  sequenceClassificationLoss,
  spanExtractionLoss,
} from "./losses.js";
export { BERT_INPUT_NAMES, BertPreTrainedModel } from "./pretrained.js";

// BertModel is what a config.json with model_type "bert" and no known architecture loads as, as in HF's AutoModel
registerArchitecture("BertModel", BertModel, "bert");
registerArchitecture("BertForSequenceClassification", BertForSequenceClassification);
registerArchitecture("BertForTokenClassification", BertForTokenClassification);
registerArchitecture("BertForQuestionAnswering", BertForQuestionAnswering);
registerArchitecture("BertForMultipleChoice", BertForMultipleChoice);
registerArchitecture("BertForMaskedLM", BertForMaskedLM);
