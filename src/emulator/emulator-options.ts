import { randomBytes } from 'node:crypto';
import type { ScopedTokenConfig } from './auth/principals.js';

export interface EmulatorOptions {
  /** Default 0 (ephemeral). The server always listens on 127.0.0.1. */
  port?: number;
  /**
   * Name(s) in the generated certificate and in the login server; default 'localhost'. Several
   * names may be given comma-separated: the first is the login server, all go into the certificate.
   */
  hostname?: string;
  /** Default `{ username: 'acrlock', password: <random> }`. */
  admin?: { username: string; password: string };
  /** ACR repository-scoped tokens (scope maps). Repository keys may end in `/*`. */
  scopedTokens?: ScopedTokenConfig[];
  /** Which Entra access tokens `/oauth2/exchange` accepts; default: reject all. */
  entra?: { verifyAccessToken(token: string): boolean | Promise<boolean> };
  /** Default false. */
  anonymousPull?: boolean;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default true: load the sample images (see SAMPLES). */
  seed?: boolean;
}

export interface ResolvedOptions {
  port: number;
  hostnames: string[];
  admin: { username: string; password: string };
  scopedTokens: ScopedTokenConfig[];
  verifyAccessToken(token: string): Promise<boolean>;
  anonymousPull: boolean;
  accessTokenTtlSeconds: number;
  seed: boolean;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const hostnames = (options.hostname ?? 'localhost')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  const verifier = options.entra;
  return {
    port: options.port ?? 0,
    hostnames: hostnames.length > 0 ? hostnames : ['localhost'],
    admin: options.admin ?? { username: 'acrlock', password: randomBytes(18).toString('base64url') },
    scopedTokens: options.scopedTokens ?? [],
    verifyAccessToken: async (token) => {
      if (!verifier) return false;
      try {
        return (await verifier.verifyAccessToken(token)) === true;
      } catch {
        return false; // a verifier that throws rejects the token
      }
    },
    anonymousPull: options.anonymousPull ?? false,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    seed: options.seed ?? true,
  };
}
