import type { APIRoute } from 'astro';
import { changeLanguage } from '#lib/web/language.ts';

export const POST: APIRoute = async (context) => changeLanguage(context, await context.request.formData());
