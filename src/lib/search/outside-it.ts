import type { QueryEncoder } from '#lib/embeddings/query-encoder.ts';

/**
 * What an IT service desk is asked that is not IT: pay, leave, expenses and travel, the building,
 * furniture, parking, the canteen, HR. Written as the kinds of request they are, not as any request
 * of the quality fixture. A request whose meaning is clearly nearer to one of these than to any
 * article gets no suggestion: a leaking coffee machine must not be offered the Wi-Fi article.
 */
export const OUTSIDE_IT = [
  'payroll, salary, payslip, overtime pay, bonus, tax forms, bank account for my salary',
  'holiday entitlement, vacation days left, sick leave, parental leave, absence booking',
  'expense claims, reimbursement, travel booking, hotel, train tickets, company credit card, fuel card',
  'office facilities: heating, air conditioning, blinds, coffee machine, kitchen, cleaning, leaking water',
  'office furniture: desk chair, standing desk, ergonomic chair',
  'car park, parking permit, number plate registration',
  'canteen menu, catering, team events, office party',
  'HR questions: employment contract, benefits, pension, job title, business cards, working from abroad',
];

/**
 * How much nearer the request must be to a topic outside IT than to its nearest article. Measured
 * (npm run eval:search): 0.1 left every answerable request its suggestions; 0.05 lost one, 0 lost five.
 */
export const OUTSIDE_IT_MARGIN = 0.1;

const dot = (a: Float32Array, b: Float32Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};

// The topics' vectors, once per encoder (a process has one; the tests may make more): asked for
// in the background, so no request waits for them; until they are there, nothing is left out.
const topics = new WeakMap<QueryEncoder, Float32Array[] | 'pending'>();

function topicVectors(encoder: QueryEncoder, timeoutMs: number): Float32Array[] | null {
  const known = topics.get(encoder);
  if (known === 'pending') return null;
  if (known) return known;
  topics.set(encoder, 'pending');
  encoder
    .embedQueries(OUTSIDE_IT, { timeoutMs: Math.max(timeoutMs, 1000) })
    .then((vectors) => topics.set(encoder, vectors))
    // Busy or loading: asked again with a later request.
    .catch(() => topics.delete(encoder));
  return null;
}

/**
 * True when the request is about something outside IT: its vector is nearer, by the margin, to one
 * of those topics than `nearestArticleCosine`. False whenever that cannot be told (the topics'
 * vectors are still being computed: the first requests of a process).
 */
export function isOutsideIt(
  encoder: QueryEncoder,
  query: Float32Array,
  nearestArticleCosine: number,
  timeoutMs: number,
): boolean {
  const vectors = topicVectors(encoder, timeoutMs);
  if (!vectors) return false;
  return Math.max(...vectors.map((v) => dot(query, v))) > nearestArticleCosine + OUTSIDE_IT_MARGIN;
}
