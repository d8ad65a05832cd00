import type { APIRoute } from 'astro';
import { answerTicketApiPost } from '#lib/web/ticket-api.ts';

export const POST: APIRoute = ({ request, locals }) => answerTicketApiPost(request, locals);
