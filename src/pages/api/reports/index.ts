import type { APIRoute } from 'astro';
import { answerReportIndex } from '#lib/web/report-api.ts';

export const GET: APIRoute = ({ locals }) => answerReportIndex(locals);
