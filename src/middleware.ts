import { defineMiddleware } from 'astro:middleware';
import { handleRequest } from '#lib/web/middleware.ts';
import { offerTypingCalls } from '#lib/web/typing-calls.ts';

export const onRequest = defineMiddleware(handleRequest);

offerTypingCalls();
