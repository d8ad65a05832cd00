import type { APIRoute } from 'astro';
import { answerTicketApiGet } from '#lib/web/ticket-api.ts';

export const GET: APIRoute = ({ params, locals }) => answerTicketApiGet(params.number, locals);
