import type { QueryEncoder } from '#lib/embeddings/query-encoder.ts';

/**
 * What an IT service desk is asked that is not IT: pay, leave, expenses and travel, the building,
 * furniture, parking, the canteen, HR. Written as the kinds of request they are, not as any request
 * of the quality fixture. How much nearer a request is to one of these than to any article is one
 * feature of the gate (confidence.ts, decision 016); for Italian requests, which the gate leaves
 * alone, a request nearer by the margin gets no suggestion: a leaking coffee machine must not be
 * offered the Wi-Fi article.
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
  // Issue 14: the rest of a workplace's everyday questions, as general kinds of request. Not their
  // words that IT requests use as often: suppliers, invoices and parcels are phishing lures.
  'business trips: flights, trains, hotels, rental cars, visas, per diem, travel approval',
  'doctor appointments, company doctor, sick notes, health insurance, gym and sports offers',
  'the building: lifts, doors and keys, lights, toilets, rubbish, room temperature, opening hours',
  'public holidays, working hours, flexitime, part-time, time recording and attendance',
  'purchasing and finance: purchase orders, procurement approvals, budgets, cost centres, accounting postings',
  'training courses, performance reviews, promotions, pay rises, job applications, references',
  'office supplies: stationery, pens, paper pads, letterhead, stamps',
  'meal vouchers, lunch, snacks and drinks, vending machines',
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
 * The request's cosine to its nearest topic outside IT, or null when that cannot be told yet (the
 * topics' vectors are still being computed: the first requests of a process).
 */
export function outsideItCosine(
  encoder: QueryEncoder,
  query: Float32Array,
  timeoutMs: number,
): number | null {
  const vectors = topicVectors(encoder, timeoutMs);
  if (!vectors) return null;
  return Math.max(...vectors.map((v) => dot(query, v)));
}
