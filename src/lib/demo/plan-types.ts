// The plan of a demo history: plain data (numbers, strings, arrays), times in ms since the epoch,
// people as indexes into the plan's lists. The writer turns it into rows through the owning modules.
import type { FrontMatter } from '#lib/content/schema.ts';
import type { TicketEventType } from '#lib/tickets/history-import.ts';
import type { Impact, Urgency } from '#lib/tickets/priority.ts';
import type { Channel } from '#lib/tickets/tickets.ts';
import type { Status } from '#lib/tickets/workflow.ts';

/** What a request or ticket is about: a sample request the knowledge base answers, or a content gap (answer null). */
export type Topic = {
  subject: string;
  description: string;
  /** What the request box held: subject, newline, description. */
  draft: string;
  /** The query the suggestions were asked with. */
  query: string;
  category: string | null;
  /** The slug that answers it best; null for a gap. */
  answer: string | null;
  /** Other slugs that help too. */
  related: string[];
  lang: FrontMatter['locale'];
};

export type PlannedPerson = { email: string; name: string; since: number };
export type PlannedAgent = PlannedPerson & { tier: 1 | 2 | 3 };

/** An article opened, confirmed or rejected at a moment. */
export type PlannedStep = { article: string; at: number };

export type PlannedRequest = {
  id: string;
  /** Index into plan.employees. */
  user: number;
  at: number;
  /** When the suggestions for the final query were answered. */
  answeredAt: number;
  topic: Topic;
  /** Part of the growing problem of the last weeks. */
  surge: boolean;
  /** Suggested slugs, best first. */
  shown: string[];
  opened: PlannedStep[];
  solved: PlannedStep | null;
  rejected: PlannedStep | null;
  /** Index into plan.tickets of the ticket filed from this request. */
  ticket: number | null;
};

/** An agent by index into plan.agents. */
export type AgentRef = { agent: number };
export type PlannedActor = AgentRef | 'requester' | 'system';

export type PlannedTicketEvent = {
  at: number;
  actor: PlannedActor;
  type: TicketEventType;
  from: string | null;
  /** A claim names the agent who took the ticket. */
  to: string | AgentRef | null;
  body: string | null;
  internal: boolean;
};

/** A ticket as it was filed. */
export type TicketDraft = {
  at: number;
  /** Index into plan.employees. */
  requester: number;
  /** Index into plan.requests of the help request it was filed from. */
  request: number | null;
  /** Index into plan.agents of the agent who logged it (phone, walk-in, e-mail, chat). */
  loggedBy: number | null;
  channel: Channel;
  subject: string;
  description: string;
  category: string | null;
  /** The article that answers it, which the agent may link when resolving. */
  answer: string | null;
  impact: Impact;
  urgency: Urgency;
};

/** Where a ticket's timeline left it by the end of the period. */
export type TicketLife = {
  status: Status;
  tier: number;
  /** Index into plan.agents. */
  assignee: number | null;
  version: number;
  firstRespondedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  pendingSince: number | null;
  pausedMs: number;
  resolution: string | null;
  rating: number | null;
  ratingComment: string | null;
  /** An article linked when it was resolved. */
  link: { article: string; by: number; at: number } | null;
  /** Everything after "created", in time order. */
  timeline: PlannedTicketEvent[];
};

export type PlannedTicket = TicketDraft & { life: TicketLife };

export type PlannedVote = {
  article: string;
  user: number;
  helpful: boolean;
  comment: string | null;
  at: number;
};
export type PlannedViews = { article: string; day: string; views: number };

export type DemoPlan = {
  start: number;
  end: number;
  employees: PlannedPerson[];
  agents: PlannedAgent[];
  /** In time order. */
  requests: PlannedRequest[];
  /** In filing order (their numbers follow it). */
  tickets: PlannedTicket[];
  votes: PlannedVote[];
  views: PlannedViews[];
};
