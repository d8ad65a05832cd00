/** A history the generator refuses to make, in a sentence that says what to do instead. */
export class DemoHistoryError extends Error {}
