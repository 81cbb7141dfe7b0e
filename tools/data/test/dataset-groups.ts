/** The datasets each test file checks: the Brown ones share one corpus read; the others are about as costly. */
export const BROWN_DATASETS = ["brown-pos", "summarization", "translation"];
export const OTHER_DATASETS = ["sentiment", "moby-dick", "sotu", "wordnet-qa", "moby-swag", "mnist"];
