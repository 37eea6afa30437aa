import type { Caller } from '../auth/authenticate.js';
import type { Principal } from '../auth/principals.js';
import type { TokenService } from '../auth/token-service.js';
import type { TestMutation } from '../emulator-options.js';
import type { PageSizeLimit } from '../http/paging.js';
import type { RequestContext } from '../http/request-context.js';
import type { Route, RouteKind } from '../router/parse-route.js';
import type { RegistryStore } from '../store/registry-store.js';

/** What handlers get injected (Azurite style): the store and the instance's auth settings. */
export interface EmulatorServices {
  readonly store: RegistryStore;
  readonly loginServer: string;
  /** Most referrers per page before a `Link` to the next. */
  readonly referrersPageSize: number;
  /** Most items per page of the tag, manifest and repository listings, and what a larger `n` gets. */
  readonly pageSizeLimit: PageSizeLimit;
  /** Test-only (see TestMutation). */
  readonly testMutation?: TestMutation;
  readonly tokens: TokenService;
  readonly anonymousPull: boolean;
  principalForPassword(username: string, password: string): Principal | undefined;
  verifyEntraToken(token: string): Promise<boolean>;
}

export type RouteOf<K extends RouteKind> = Extract<Route, { kind: K }>;

export type Handler<K extends RouteKind> = (
  ctx: RequestContext,
  route: RouteOf<K>,
  caller: Caller,
  services: EmulatorServices,
) => void | Promise<void>;
