type Environment = Readonly<Record<string, string | undefined>>;

/** True when the job may request the runner's OIDC token (`permissions: id-token: write`). */
export function canRequestIdToken(env: Environment): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/**
 * The runner's ID token per audience, requested once per run: MSAL asks for the client assertion more
 * than once per Entra token request, and a run is far shorter than the token's lifetime. A failed
 * request is not kept, so a retry asks again.
 */
export function oncePerAudience(
  request: (audience: string) => Promise<string>,
): (audience: string) => Promise<string> {
  const tokens = new Map<string, Promise<string>>();
  return (audience) => {
    let token = tokens.get(audience);
    if (!token) {
      token = request(audience);
      tokens.set(audience, token);
      token.catch(() => tokens.delete(audience));
    }
    return token;
  };
}
