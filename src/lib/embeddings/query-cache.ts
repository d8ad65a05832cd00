/**
 * Query vectors by text, least recently used dropped first. Typing repeats texts (a pause, a
 * backspace, the form sent after the suggestions): each repeat costs a map lookup instead of ~20 ms of
 * encoder time. 2 KB a vector: 2,000 entries are 4 MB.
 */
export class QueryCache {
  private readonly entries = new Map<string, Float32Array>();
  private readonly capacity: number;

  constructor(capacity = 2000) {
    this.capacity = capacity;
  }

  get(text: string): Float32Array | undefined {
    const vector = this.entries.get(text);
    if (vector) {
      this.entries.delete(text);
      this.entries.set(text, vector);
    }
    return vector;
  }

  set(text: string, vector: Float32Array): void {
    this.entries.delete(text);
    this.entries.set(text, vector);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
