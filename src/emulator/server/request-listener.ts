import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate } from '../auth/authenticate.js';
import { AcrError, acrErrors } from '../errors/acr-error.js';
import type { Fault, FaultInjector } from '../faults/fault-injector.js';
import type { EmulatorServices } from '../handlers/handler-types.js';
import { createContext, readBody, type RequestContext } from '../http/request-context.js';
import { sendError } from '../http/respond.js';
import { kindOf, type RequestLogEntry } from '../log/request-log.js';
import { dispatch } from '../router/dispatch.js';
import { isValidRepositoryName, parseRoute, repositoryOf } from '../router/parse-route.js';
import { methodAllowed, requiredAccess } from '../router/required-access.js';
import type { RateLimiter } from './rate-limiter.js';

export interface ListenerDependencies {
  services: EmulatorServices;
  faults: FaultInjector;
  log: RequestLogEntry[];
  /** Told of every entry as it is logged. */
  onRequest?: (entry: RequestLogEntry) => void;
  rateLimiter?: RateLimiter;
}

/** Filled in while a request is handled, read when it is logged. */
interface RequestState {
  principal?: string;
}

function respondRaw(ctx: RequestContext, fault: Extract<Fault, { kind: 'respond' }>): void {
  const body = Buffer.from(fault.body ?? '', 'utf8');
  ctx.res.writeHead(fault.status, { 'Content-Length': String(body.length), ...fault.headers });
  if (fault.dropAfterBytes !== undefined)
    ctx.res.write(body.subarray(0, fault.dropAfterBytes), () => ctx.req.socket.destroy());
  else if (fault.stallAfterBytes !== undefined) ctx.res.write(body.subarray(0, fault.stallAfterBytes));
  else ctx.res.end(body);
}

/** Applies the faults for this request; true when one of them ended it. */
async function applyFaults(ctx: RequestContext, deps: ListenerDependencies): Promise<boolean> {
  for (const fault of deps.faults.take(ctx.method, ctx.path)) {
    switch (fault.kind) {
      case 'delay':
        await sleep(fault.ms);
        break;
      case 'move-tag':
        deps.services.store.setTag(fault.repository, fault.tag, fault.toDigest);
        break;
      case 'status':
        sendError(ctx, acrErrors.injected(fault.status, fault.retryAfterSeconds));
        return true;
      case 'drop':
        ctx.req.socket.destroy();
        return true;
      case 'respond':
        respondRaw(ctx, fault);
        return true;
    }
  }
  return false;
}

/** Registry operations count against the tier's limits; the token endpoints do not. */
function throttle(ctx: RequestContext, deps: ListenerDependencies): void {
  if (!deps.rateLimiter || ctx.path.startsWith('/oauth2/')) return;
  const retryAfter = deps.rateLimiter.take(ctx.method === 'GET' || ctx.method === 'HEAD' ? 'read' : 'write');
  if (retryAfter !== undefined) throw acrErrors.tooManyRequests(retryAfter);
}

/**
 * The pipeline, in Azurite's order: context, faults, throttling, dispatch (route), authentication,
 * handler, errors.
 */
async function handle(ctx: RequestContext, deps: ListenerDependencies, state: RequestState): Promise<void> {
  if (await applyFaults(ctx, deps)) return;
  throttle(ctx, deps);
  const route = parseRoute(ctx.path);
  if (!route) throw acrErrors.notFound();
  if (!methodAllowed(route, ctx.method)) throw acrErrors.unsupported();
  const repository = repositoryOf(route);
  if (repository !== undefined && !isValidRepositoryName(repository)) throw acrErrors.nameInvalid(repository);
  const caller = authenticate(ctx, requiredAccess(route, ctx.method), deps.services);
  if (caller.principal !== undefined) state.principal = caller.principal;
  await dispatch(ctx, route, caller, deps.services);
}

export function createRequestListener(
  deps: ListenerDependencies,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const time = Date.now();
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let path = req.url ?? '/';
    let query = '';
    let logged = false;
    const state: RequestState = {};
    // Logged just before the answer is written (so a client that got it always finds its entry),
    // or on 'close' with status 0 for a connection dropped without an answer.
    const log = (status: number): void => {
      if (logged) return;
      logged = true;
      const entry: RequestLogEntry = {
        time,
        method,
        path,
        status,
        kind: kindOf(method, path, status),
        durationMs: 0,
      };
      const route = parseRoute(path);
      const repository = route && repositoryOf(route);
      if (query !== '') entry.query = query;
      if (repository !== undefined) entry.repository = repository;
      if (state.principal !== undefined) entry.principal = state.principal;
      if (req.headers['user-agent'] !== undefined) entry.userAgent = req.headers['user-agent'];
      entry.durationMs = performance.now() - started;
      deps.log.push(entry);
      deps.onRequest?.(entry);
    };
    res.on('close', () => log(res.headersSent ? res.statusCode : 0));
    void (async () => {
      let ctx: RequestContext | undefined;
      try {
        ctx = createContext(req, res, await readBody(req), log);
        path = ctx.path;
        query = ctx.query.toString();
        await handle(ctx, deps, state);
      } catch (error) {
        if (!ctx) {
          res.destroy();
          return;
        }
        const acrError =
          error instanceof AcrError
            ? error
            : new AcrError(500, 'UNKNOWN', error instanceof Error ? error.message : String(error));
        sendError(ctx, acrError);
      }
    })();
  };
}
