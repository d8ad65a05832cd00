/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Who is making the request; null when signed out. Set by src/middleware.ts. */
    principal: import('#lib/auth/roles.ts').Principal | null;
    /** The browser session, when the request came with a valid session cookie. */
    session: import('#lib/auth/sessions.ts').Session | null;
    /** The client's address, through the proxies TRUST_PROXY names. Set by src/middleware.ts; use it, not Astro.clientAddress. */
    clientAddress: string;
    /** The reader's language, time zone, messages and formatting (src/lib/web/language.ts). Set by src/middleware.ts. */
    i18n: import('#lib/i18n/i18n.ts').I18n;
    /** The signed-in person's unread notifications (the header's bell), counted when asked. */
    unreadNotifications: () => number;
  }
}
