/**
 * HF's `clean_up_tokenization` (applied by `decode` when tokenizer_config.json sets `clean_up_tokenization_spaces`):
 * removes the space the WordPiece decoder leaves before punctuation and English contractions.
 */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(" .", ".")
    .replaceAll(" ?", "?")
    .replaceAll(" !", "!")
    .replaceAll(" ,", ",")
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}
