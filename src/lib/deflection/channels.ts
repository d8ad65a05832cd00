/**
 * The ways a help request reaches Fixpoint (DESIGN.md: "every outcome keeps its channel"). The column
 * `help_requests.channel` (migration 0050) checks the same list; reports show one row per channel.
 */
import type { MessageKey } from '#lib/i18n/translate.ts';

export const REQUEST_CHANNELS = ['web', 'mail', 'incident'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** How the reports name each channel (catalogue keys). */
export const CHANNEL_LABELS: Record<RequestChannel, MessageKey> = {
  web: 'reports.channelWeb',
  mail: 'reports.channelMail',
  incident: 'reports.channelIncident',
};
