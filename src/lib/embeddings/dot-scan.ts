import { DIMENSIONS } from './model.ts';

/**
 * The dot product of one query with every stored vector, in WebAssembly with 128-bit SIMD: four
 * floats per instruction where JavaScript multiplies one; 10,000 articles in 0.63 ms instead of 3.6
 * (decision 012, "Ranking on 10,000 articles"). The suggestion ranking scans every article's vector
 * on each call, and on a large knowledge base that scan was most of an answer's time.
 *
 * The module is small enough to write out by hand; what each instruction does is said beside it. It
 * exports `scan(query, vectors, rows, out)`: for each of `rows` vectors of DIMENSIONS floats stored one
 * after another from byte `vectors`, the dot product with the DIMENSIONS floats at `query`, written as
 * a float to `out` (4 bytes a row). Four accumulators of four lanes each keep the additions independent.
 * And `scanCodes` (below), the same from each row rounded to bytes: 10,000 articles in ~0.2 ms
 * against ~0.45 ms, since the float scan waits on memory, 20 MB a pass (decision 012, session 25).
 */
const BYTES_PER_VECTOR = DIMENSIONS * 4;

/** Unsigned and signed LEB128, as WebAssembly writes integers. */
function unsigned(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}
function signed(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}
const section = (id: number, content: number[]) => [id, ...unsigned(content.length), ...content];
const name = (s: string) => [...unsigned(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Instructions (https://webassembly.github.io/spec/core/binary/instructions.html).
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32 = (n: number) => [0x41, ...signed(n)];
const [I32_ADD, I32_SUB, I32_EQZ, I32_LT_U, F32_ADD] = [0x6a, 0x6b, 0x45, 0x49, 0x92];
const [BLOCK, LOOP, VOID, END] = [0x02, 0x03, 0x40, 0x0b];
const brIf = (depth: number) => [0x0d, depth];
const br = (depth: number) => [0x0c, depth];
const f32Store = [0x38, 2, 0]; // align 2^2, offset 0
const SIMD = 0xfd;
const v128Load = (offset: number) => [SIMD, 0x00, 4, ...unsigned(offset)]; // align 2^4
const v128Zero = [SIMD, 0x0c, ...new Array<number>(16).fill(0)];
const F32X4_ADD = [SIMD, ...unsigned(0xe4)];
const F32X4_MUL = [SIMD, ...unsigned(0xe6)];
const lane = (l: number) => [SIMD, 0x1f, l]; // f32x4.extract_lane

// Locals: the parameters query 0, vectors 1, rows 2, out 3; then d 4 (i32) and the accumulators 5–8 (v128).
const [QUERY, VECTORS, ROWS, OUT, D] = [0, 1, 2, 3, 4];
const ACC = [5, 6, 7, 8];
const scanBody = [
  ...[2, 1, 0x7f, 4, 0x7b], // local declarations: 1 × i32, 4 × v128
  ...[BLOCK, VOID, LOOP, VOID], // for each row
  ...get(ROWS),
  I32_EQZ,
  ...brIf(1),
  ...v128Zero,
  ...tee(ACC[0]!),
  ...tee(ACC[1]!),
  ...tee(ACC[2]!),
  ...set(ACC[3]!),
  ...i32(0),
  ...set(D),
  ...[LOOP, VOID], // for d in 0, 64, … 4 × DIMENSIONS: acc[k] += vectors[d + 16k] · query[d + 16k]
  ...ACC.flatMap((acc, k) => [
    ...get(acc),
    ...get(VECTORS),
    ...get(D),
    I32_ADD,
    ...v128Load(16 * k),
    ...get(QUERY),
    ...get(D),
    I32_ADD,
    ...v128Load(16 * k),
    ...F32X4_MUL,
    ...F32X4_ADD,
    ...set(acc),
  ]),
  ...get(D),
  ...i32(64),
  I32_ADD,
  ...tee(D),
  ...i32(BYTES_PER_VECTOR),
  I32_LT_U,
  ...brIf(0),
  END,
  ...get(OUT), // out[row] = the sum of the accumulators' sixteen lanes
  ...get(ACC[0]!),
  ...get(ACC[1]!),
  ...F32X4_ADD,
  ...get(ACC[2]!),
  ...F32X4_ADD,
  ...get(ACC[3]!),
  ...F32X4_ADD,
  ...tee(ACC[0]!),
  ...lane(0),
  ...[1, 2, 3].flatMap((l) => [...get(ACC[0]!), ...lane(l), F32_ADD]),
  ...f32Store,
  ...[...get(OUT), ...i32(4), I32_ADD, ...set(OUT)],
  ...[...get(VECTORS), ...i32(BYTES_PER_VECTOR), I32_ADD, ...set(VECTORS)],
  ...[...get(ROWS), ...i32(1), I32_SUB, ...set(ROWS)],
  ...br(0),
  END,
  END,
  END,
];
/**
 * `scanCodes(query, codes, scales, rows, out, queryScale)`: the same products from each row's bytes
 * (`codes`: DIMENSIONS signed bytes a row, the row's floats over `scales[row]`) and the query's, as
 * integers: eight byte pairs multiplied and summed in pairs per instruction, a quarter of the floats'
 * memory to read. Written as a float, times the row's scale and the query's.
 */
const [CQUERY, CODES, SCALES, CROWS, COUT, QSCALE, CD] = [0, 1, 2, 3, 4, 5, 6];
const CACC = [7, 8, 9, 10];
const v128Load8x8 = (offset: number) => [SIMD, 0x01, 3, ...unsigned(offset)]; // i16x8 from 8 bytes, align 2^3
const I32X4_DOT_I16X8 = [SIMD, ...unsigned(0xba)];
const I32X4_ADD = [SIMD, ...unsigned(0xae)];
const i32Lane = (l: number) => [SIMD, 0x1b, l]; // i32x4.extract_lane
const [F32_CONVERT_I32, F32_MUL] = [0xb2, 0x94];
const f32Load = [0x2a, 2, 0];
const scanCodesBody = [
  ...[2, 1, 0x7f, 4, 0x7b], // local declarations: 1 × i32, 4 × v128
  ...[BLOCK, VOID, LOOP, VOID], // for each row
  ...get(CROWS),
  I32_EQZ,
  ...brIf(1),
  ...v128Zero,
  ...tee(CACC[0]!),
  ...tee(CACC[1]!),
  ...tee(CACC[2]!),
  ...set(CACC[3]!),
  ...i32(0),
  ...set(CD),
  ...[LOOP, VOID], // for d in 0, 32, … DIMENSIONS: acc[k] += codes[d + 8k …] · query[d + 8k …]
  ...CACC.flatMap((acc, k) => [
    ...get(acc),
    ...get(CODES),
    ...get(CD),
    I32_ADD,
    ...v128Load8x8(8 * k),
    ...get(CQUERY),
    ...get(CD),
    I32_ADD,
    ...v128Load8x8(8 * k),
    ...I32X4_DOT_I16X8,
    ...I32X4_ADD,
    ...set(acc),
  ]),
  ...get(CD),
  ...i32(32),
  I32_ADD,
  ...tee(CD),
  ...i32(DIMENSIONS),
  I32_LT_U,
  ...brIf(0),
  END,
  ...get(COUT), // out[row] = the sum of the accumulators' lanes × scales[row] × queryScale
  ...get(CACC[0]!),
  ...get(CACC[1]!),
  ...I32X4_ADD,
  ...get(CACC[2]!),
  ...I32X4_ADD,
  ...get(CACC[3]!),
  ...I32X4_ADD,
  ...tee(CACC[0]!),
  ...i32Lane(0),
  ...[1, 2, 3].flatMap((l) => [...get(CACC[0]!), ...i32Lane(l), I32_ADD]),
  F32_CONVERT_I32,
  ...get(SCALES),
  ...f32Load,
  F32_MUL,
  ...get(QSCALE),
  F32_MUL,
  ...f32Store,
  ...[...get(COUT), ...i32(4), I32_ADD, ...set(COUT)],
  ...[...get(SCALES), ...i32(4), I32_ADD, ...set(SCALES)],
  ...[...get(CODES), ...i32(DIMENSIONS), I32_ADD, ...set(CODES)],
  ...[...get(CROWS), ...i32(1), I32_SUB, ...set(CROWS)],
  ...br(0),
  END,
  END,
  END,
];
const [I32, F32] = [0x7f, 0x7d];
const WASM = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  // Two types: (i32, i32, i32, i32) → () and (i32, i32, i32, i32, i32, f32) → ().
  ...section(1, [2, 0x60, 4, I32, I32, I32, I32, 0, 0x60, 6, I32, I32, I32, I32, I32, F32, 0]),
  ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]), // imports a memory of ≥ 1 page
  ...section(3, [2, 0, 1]), // two functions, of types 0 and 1
  ...section(7, [2, ...name('scan'), 0x00, 0, ...name('scanCodes'), 0x00, 1]), // exported by name
  ...section(10, [
    2,
    ...unsigned(scanBody.length),
    ...scanBody,
    ...unsigned(scanCodesBody.length),
    ...scanCodesBody,
  ]),
]);

let compiled: WebAssembly.Module | null | undefined;
/** The compiled module, or null where WebAssembly SIMD is not available (then JavaScript scans). */
function scanModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = WebAssembly.validate(WASM) ? new WebAssembly.Module(WASM) : null;
  return compiled;
}

const PAGE = 65536;

/** The largest byte a component is written as: the row's largest component by size. */
const CODE_MAX = 127;
type ScanRows = (query: number, vectors: number, rows: number, out: number) => void;
type ScanCodes = (
  query: number,
  codes: number,
  scales: number,
  rows: number,
  out: number,
  scale: number,
) => void;

/**
 * Room for `capacity` vectors (`vectors`, DIMENSIONS floats each, row i at i × DIMENSIONS) and the
 * scan that reads them. The memory does not grow: a larger store is a new one, copied into.
 *
 * With `codes`, each row is also kept as DIMENSIONS signed bytes and a scale (`encode`), for
 * `scanCodes`: a pass over every article reads 512 bytes a row instead of 2 KB. On 10,000 articles
 * the floats are 20 MB, read on every ranking, more than a core's caches hold.
 */
export class VectorStore {
  readonly capacity: number;
  readonly vectors: Float32Array;
  /** Whether the scan runs in WebAssembly SIMD (false: the JavaScript loop, where it is unavailable). */
  readonly simd: boolean;
  private readonly query: Float32Array;
  private readonly out: Float32Array;
  private readonly coded: { query: Int8Array; codes: Int8Array; scales: Float32Array } | null;
  private readonly scanRows: ScanRows | null;
  private readonly scanCodeRows: ScanCodes | null;

  constructor(capacity: number, { codes = false }: { codes?: boolean } = {}) {
    this.capacity = capacity;
    // Layout: the query, the vectors, one result per vector; with codes, the query's, the rows', their scales.
    const floats = BYTES_PER_VECTOR + capacity * BYTES_PER_VECTOR + capacity * 4;
    const bytes = floats + (codes ? DIMENSIONS + capacity * DIMENSIONS + capacity * 4 : 0);
    const module = scanModule();
    const memory = module ? new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) }) : null;
    const buffer = memory ? memory.buffer : new ArrayBuffer(bytes);
    this.query = new Float32Array(buffer, 0, DIMENSIONS);
    this.vectors = new Float32Array(buffer, BYTES_PER_VECTOR, capacity * DIMENSIONS);
    this.out = new Float32Array(buffer, BYTES_PER_VECTOR * (1 + capacity), capacity);
    this.coded = codes
      ? {
          query: new Int8Array(buffer, floats, DIMENSIONS),
          codes: new Int8Array(buffer, floats + DIMENSIONS, capacity * DIMENSIONS),
          scales: new Float32Array(buffer, floats + DIMENSIONS * (1 + capacity), capacity),
        }
      : null;
    const exports = module && memory ? new WebAssembly.Instance(module, { env: { memory } }).exports : null;
    this.scanRows = exports ? (exports.scan as ScanRows) : null;
    this.scanCodeRows = exports ? (exports.scanCodes as ScanCodes) : null;
    this.simd = this.scanRows !== null;
  }

  /**
   * The dot product of `query` with each of `rows` vectors from row `from` on; the array is the store's
   * own and is overwritten by the next scan, so read it before scanning again.
   */
  scan(query: Float32Array, rows: number, from = 0): Float32Array {
    return this.scanner(query)(rows, from);
  }

  /**
   * `scan` for many runs of rows with one query (each article's phrasings): the query is copied into
   * the module's memory once, not once a run. Valid until another query is scanned in this store.
   */
  scanner(query: Float32Array): (rows: number, from?: number) => Float32Array {
    const scanRows = this.scanRows;
    if (scanRows) this.query.set(query);
    return (rows, from = 0) => {
      const out = this.out.subarray(from, Math.min(from + rows, this.capacity));
      if (scanRows) {
        const vectors = this.vectors.byteOffset + from * BYTES_PER_VECTOR;
        scanRows(this.query.byteOffset, vectors, out.length, out.byteOffset);
      } else for (let row = 0; row < out.length; row++) out[row] = dot(this.vectors, from + row, query);
      return out;
    };
  }

  /** Writes row `row`'s codes from its floats: call after writing them (a store made with `codes`). */
  encode(row: number): void {
    if (this.coded) this.coded.scales[row] = encodeInto(this.vectors, row, this.coded.codes);
  }

  /** Copies `other`'s rows (floats, and codes where both keep them) into the first rows of this one. */
  copyFrom(other: VectorStore): void {
    this.vectors.set(other.vectors);
    if (this.coded && other.coded) {
      this.coded.codes.set(other.coded.codes);
      this.coded.scales.set(other.coded.scales);
    } else if (this.coded) for (let row = 0; row < other.capacity; row++) this.encode(row);
  }

  /**
   * The dot products of `query` with the first `rows` rows, from their codes: each within about
   * 0.002 of `scan`'s for vectors of length 1 (the error of rounding both sides to bytes). For
   * choosing among many rows; read the chosen ones exactly with `dot`. The array is the store's own,
   * as `scan`'s. Without codes or WebAssembly SIMD, the exact products.
   */
  scanCodes(query: Float32Array, rows: number): Float32Array {
    if (!this.coded || !this.scanCodeRows) return this.scan(query, rows);
    const out = this.out.subarray(0, Math.min(rows, this.capacity));
    const { codes, scales } = this.coded;
    const scale = encodeInto(query, 0, this.coded.query);
    this.scanCodeRows(
      this.coded.query.byteOffset,
      codes.byteOffset,
      scales.byteOffset,
      out.length,
      out.byteOffset,
      scale,
    );
    return out;
  }
}

/** Row `row` of `floats` as bytes into the same row of `codes`, the largest component as ±CODE_MAX; its scale. */
function encodeInto(floats: Float32Array, row: number, codes: Int8Array): number {
  const base = row * DIMENSIONS;
  let largest = 0;
  for (let d = 0; d < DIMENSIONS; d++) largest = Math.max(largest, Math.abs(floats[base + d]!));
  if (!(largest > 0)) {
    codes.fill(0, base, base + DIMENSIONS);
    return 0;
  }
  const toCode = CODE_MAX / largest;
  for (let d = 0; d < DIMENSIONS; d++) codes[base + d] = Math.round(floats[base + d]! * toCode);
  return largest / CODE_MAX;
}

/** One stored vector's dot product with `q`, in JavaScript (a few vectors, or no WebAssembly SIMD). */
export function dot(vectors: Float32Array, slot: number, q: Float32Array): number {
  const base = slot * DIMENSIONS;
  // Four sums at once: independent additions keep the CPU's pipelines full (~2× a plain loop).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let d = 0; d < DIMENSIONS; d += 4) {
    s0 += vectors[base + d]! * q[d]!;
    s1 += vectors[base + d + 1]! * q[d + 1]!;
    s2 += vectors[base + d + 2]! * q[d + 2]!;
    s3 += vectors[base + d + 3]! * q[d + 3]!;
  }
  return s0 + s1 + s2 + s3;
}
