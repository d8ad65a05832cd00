import type { APIRoute } from 'astro';
import { changeLanguage } from '#lib/web/language.ts';

export const POST: APIRoute = (context) => changeLanguage(context);
