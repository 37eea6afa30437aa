// The GitHub runner's ID-token endpoint, as a job with `permissions: id-token: write` sees it:
// ACTIONS_ID_TOKEN_REQUEST_URL (with `?api-version=2.0`; @actions/core appends `&audience=…`) and
// ACTIONS_ID_TOKEN_REQUEST_TOKEN (sent as `Authorization: Bearer …`), answering `{"count":…,"value":"<jwt>"}`
// with a token shaped like token.actions.githubusercontent.com's.
import { randomBytes, randomUUID } from 'node:crypto';
import { createSigningKey, signJwt, startHttpsStub, type HttpsStub, type SigningKey } from './entra-stub.js';

export interface GitHubOidcStubOptions {
  /** Default `octo-org/octo-repo`. */
  readonly repository?: string;
  /** Default `refs/heads/main`. */
  readonly ref?: string;
}

export interface GitHubOidcStub extends HttpsStub {
  /** `https://token.actions.githubusercontent.com`, the `iss` of every token. */
  readonly issuer: string;
  /** The `sub` of every token: `repo:<owner>/<repo>:ref:<ref>`. */
  readonly subject: string;
  readonly signingKey: SigningKey;
  /** The variables the runner sets for the step. */
  readonly env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** Every request: the audience asked for, whether the request token was right, and the answer. */
  readonly requestLog: Array<{ audience: string | null; authorized: boolean; status: number }>;
  /** Every ID token handed out (tests check none of them is printed). */
  readonly issued: string[];
}

const ISSUER = 'https://token.actions.githubusercontent.com';

export async function startGitHubOidcStub(options: GitHubOidcStubOptions = {}): Promise<GitHubOidcStub> {
  const repository = options.repository ?? 'octo-org/octo-repo';
  const ref = options.ref ?? 'refs/heads/main';
  const subject = `repo:${repository}:ref:${ref}`;
  const signingKey = createSigningKey();
  const requestToken = randomBytes(24).toString('base64url');
  const requestLog: GitHubOidcStub['requestLog'] = [];
  const issued: string[] = [];
  const path = `/${randomUUID()}/00000000-0000-0000-0000-000000000000/_apis/distributedtask/hubs/Actions/plans/${randomUUID()}/jobs/${randomUUID()}/idtoken`;

  const stub = await startHttpsStub('github-oidc-stub', (request) => {
    const audience = request.query.get('audience');
    const authorized = request.headers.authorization === `Bearer ${requestToken}`;
    let status = 200;
    let body: unknown;
    if (request.method !== 'GET' || request.path !== path || request.query.get('api-version') !== '2.0') {
      status = 404;
      body = { message: 'Not Found' };
    } else if (!authorized) {
      status = 401;
      body = { message: 'Unauthorized: the request token is missing or wrong.' };
    } else {
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(
        {
          jti: randomUUID(),
          sub: subject,
          aud: audience ?? `https://github.com/${repository.split('/')[0]}`,
          ref,
          sha: randomBytes(20).toString('hex'),
          repository,
          repository_owner: repository.split('/')[0],
          run_id: '1',
          run_number: '1',
          run_attempt: '1',
          actor: 'octocat',
          workflow: 'CI',
          event_name: 'push',
          ref_type: 'branch',
          job_workflow_ref: `${repository}/.github/workflows/ci.yml@${ref}`,
          runner_environment: 'github-hosted',
          iss: ISSUER,
          nbf: now - 5,
          iat: now,
          exp: now + 300,
        },
        signingKey,
      );
      issued.push(token);
      body = { count: 1, value: token };
    }
    requestLog.push({ audience, authorized, status });
    return { status, body };
  });

  return {
    ...stub,
    issuer: ISSUER,
    subject,
    signingKey,
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${stub.url}${path}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    },
    requestLog,
    issued,
  };
}
