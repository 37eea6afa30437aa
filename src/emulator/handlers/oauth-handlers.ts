import { basicCredentials } from '../auth/authenticate.js';
import { anonymousPrincipal, type Principal } from '../auth/principals.js';
import { parseScopes } from '../auth/scope.js';
import { acrErrors } from '../errors/acr-error.js';
import { formOf } from '../http/request-context.js';
import { sendJson } from '../http/respond.js';
import type { EmulatorServices, Handler } from './handler-types.js';

/**
 * `POST /oauth2/exchange`: an Entra access token for an ACR refresh token, if the configured
 * verifier accepts it. The refresh token's principal has full data-plane rights.
 */
export const oauthExchangeHandler: Handler<'oauth-exchange'> = async (ctx, _route, _caller, services) => {
  const form = formOf(ctx);
  const grantType = form.get('grant_type');
  if (grantType !== 'access_token' && grantType !== 'access_token_refresh_token') {
    throw acrErrors.badRequest(`unsupported grant_type: ${grantType ?? '(missing)'}`);
  }
  const accessToken = form.get('access_token');
  if (!accessToken) throw acrErrors.badRequest('access_token is required');
  if (!(await services.verifyEntraToken(accessToken))) {
    throw acrErrors.invalidCredentials('the Entra access token is not valid for this registry');
  }
  const tenant = form.get('tenant') ?? undefined;
  sendJson(ctx, 200, { refresh_token: services.tokens.issueRefreshToken('entra-principal', tenant) });
};

/** Anonymous callers get a token only when the registry allows anonymous pull. */
function anonymousOrRefuse(services: EmulatorServices): Principal {
  if (!services.anonymousPull) throw acrErrors.invalidCredentials();
  return anonymousPrincipal;
}

/** The password grant: admin or scoped-token credentials; none at all is the SDK's anonymous flow. */
function passwordPrincipal(services: EmulatorServices, username: string, password: string): Principal {
  if (username === '' && password === '') return anonymousOrRefuse(services);
  const principal = services.principalForPassword(username, password);
  if (!principal) throw acrErrors.invalidCredentials();
  return principal;
}

/**
 * `/oauth2/token`. POST (form): `grant_type=refresh_token` or `password`. GET (docker, skopeo):
 * HTTP Basic credentials, or none for anonymous pull. The granted scope is what was asked AND what
 * the principal may do.
 */
export const oauthTokenHandler: Handler<'oauth-token'> = (ctx, _route, _caller, services) => {
  if (ctx.method === 'GET') {
    const basic = basicCredentials(ctx);
    const principal = basic
      ? passwordPrincipal(services, basic.username, basic.password)
      : anonymousOrRefuse(services);
    const { token, expiresIn } = services.tokens.issueAccessToken(
      principal,
      parseScopes(ctx.query.getAll('scope')),
    );
    return sendJson(ctx, 200, { token, access_token: token, expires_in: expiresIn });
  }
  const form = formOf(ctx);
  const grantType = form.get('grant_type');
  let principal: Principal;
  if (grantType === 'refresh_token') {
    const refreshToken = form.get('refresh_token');
    const fromRefresh = refreshToken ? services.tokens.principalFromRefreshToken(refreshToken) : undefined;
    if (!fromRefresh) throw acrErrors.invalidCredentials('the refresh token is invalid or expired');
    principal = fromRefresh;
  } else if (grantType === 'password') {
    principal = passwordPrincipal(services, form.get('username') ?? '', form.get('password') ?? '');
  } else {
    throw acrErrors.badRequest(`unsupported grant_type: ${grantType ?? '(missing)'}`);
  }
  const { token } = services.tokens.issueAccessToken(principal, parseScopes(form.getAll('scope')));
  sendJson(ctx, 200, { access_token: token });
};
