import type { APIRoute } from 'astro';
import { answerReportJson } from '#lib/web/report-api.ts';

export const GET: APIRoute = ({ params, locals, url }) => answerReportJson(locals, url, params.report);
