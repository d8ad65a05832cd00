import type { APIRoute } from 'astro';
import { handleLogout } from '#lib/web/login-page.ts';

export const POST: APIRoute = async ({ cookies, url, locals, redirect }) =>
  redirect(await handleLogout(cookies, url, locals.clientAddress, locals), 303);
