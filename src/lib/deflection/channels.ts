/**
 * The ways a help request reaches Fixpoint (DESIGN.md: "every outcome keeps its channel"). The column
 * `help_requests.channel` (migration 0050) checks the same list; reports show one row per channel.
 */
export const REQUEST_CHANNELS = ['web', 'mail', 'incident'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const CHANNEL_LABELS: Record<RequestChannel, string> = {
  web: 'Web (Get help)',
  mail: 'E-mail',
  incident: 'Major incident ("I\'m affected too")',
};
