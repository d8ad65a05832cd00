import { defineMiddleware } from 'astro:middleware';
import { handleRequest } from '#lib/web/middleware.ts';

export const onRequest = defineMiddleware(handleRequest);
