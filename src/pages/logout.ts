import type { APIRoute } from 'astro';
import { handleLogout } from '#lib/web/login-page.ts';

export const POST: APIRoute = ({ cookies, url, locals, redirect }) => {
  handleLogout(cookies, url, locals.clientAddress, locals);
  return redirect('/login', 303);
};
