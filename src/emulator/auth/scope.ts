/**
 * Docker/ACR token scopes: `repository:samples/hello:pull,push`, `registry:catalog:*`.
 * An access token carries the granted ones as `access: [{type, name, actions}]`.
 */
export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

/** Parses one scope string; the name may contain ':' only in theory, so split at the first and last. */
export function parseScope(scope: string): AccessEntry | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const actions = scope
    .slice(last + 1)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}

/** Every `scope` parameter, each possibly holding several space-separated scopes. */
export function parseScopes(values: readonly string[]): AccessEntry[] {
  return values
    .flatMap((v) => v.split(' '))
    .filter((s) => s.length > 0)
    .map(parseScope)
    .filter((s): s is AccessEntry => s !== undefined);
}

/** Whether a set of granted entries allows `action` on `type:name`. */
export function grants(access: readonly AccessEntry[], type: string, name: string, action: string): boolean {
  return access.some(
    (e) => e.type === type && e.name === name && (e.actions.includes(action) || e.actions.includes('*')),
  );
}
