import { z } from 'zod';
import type { MessageKey } from '#lib/i18n/translate.ts';

export const IMPACTS = ['organisation', 'department', 'several', 'one'] as const;
export const URGENCIES = ['high', 'medium', 'low'] as const;
export const ImpactSchema = z.enum(IMPACTS, { error: 'help.impactInvalid' });
export const UrgencySchema = z.enum(URGENCIES, { error: 'help.urgencyInvalid' });
export type Impact = z.infer<typeof ImpactSchema>;
export type Urgency = z.infer<typeof UrgencySchema>;

/** How the form asks, in plain words. */
export const IMPACT_LABELS: Record<Impact, MessageKey> = {
  one: 'labels.impactOne',
  several: 'labels.impactSeveral',
  department: 'labels.impactDepartment',
  organisation: 'labels.impactOrganisation',
};
export const URGENCY_LABELS: Record<Urgency, MessageKey> = {
  high: 'labels.urgencyHigh',
  medium: 'labels.urgencyMedium',
  low: 'labels.urgencyLow',
};

// ITIL impact × urgency matrix: rows are impact, columns urgency (high, medium, low).
const MATRIX: Record<Impact, [number, number, number]> = {
  organisation: [1, 2, 3],
  department: [2, 2, 3],
  several: [2, 3, 4],
  one: [3, 3, 4],
};

/** P1 (most urgent) … P4. */
export function priorityFor(impact: Impact, urgency: Urgency): 1 | 2 | 3 | 4 {
  return MATRIX[impact][URGENCIES.indexOf(urgency)] as 1 | 2 | 3 | 4;
}
