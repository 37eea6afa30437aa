import { sendJson } from '../http/respond.js';
import type { Handler } from './handler-types.js';

/** `GET /v2/`: 200 `{}` once authenticated (the challenge comes from the auth layer). */
export const v2BaseHandler: Handler<'v2-base'> = (ctx) => sendJson(ctx, 200, {});
