import fc from 'fast-check';
import type { ReferenceParts } from '../../src/core/references/index.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

const alnum = fc.string({ unit: fc.constantFrom(...LOWER_ALNUM), minLength: 1, maxLength: 8 });
const separator = fc.constantFrom('.', '_', '__', '-', '--', '---');

/** One repository path component by the OCI rule. */
export const repositoryComponent = fc
  .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 3 }))
  .map(([head, rest]) => head + rest.map(([sep, part]) => sep + part).join(''));

export const repository = fc
  .array(repositoryComponent, { minLength: 1, maxLength: 4 })
  .map((components) => components.join('/'))
  .filter((name) => name.length <= 256);

export const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/);

export const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);

const hostLabel = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const port = fc.integer({ min: 1, max: 65535 });

/** Login servers that Docker's rule recognises: a dotted name, a name with a port, or localhost. */
export const loginServer = fc.oneof(
  fc.array(hostLabel, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.')),
  fc.tuple(fc.array(hostLabel, { minLength: 1, maxLength: 3 }), port).map(([l, p]) => `${l.join('.')}:${p}`),
  fc.constant('localhost'),
  fc.tuple(fc.integer({ min: 0, max: 255 }), port).map(([octet, p]) => `10.0.0.${octet}:${p}`),
);

/**
 * Valid reference parts. Without a login server, a first repository component that Docker's rule would
 * take for a login server is avoided (as it is in Docker: write the login server then).
 */
export const referenceParts: fc.Arbitrary<ReferenceParts> = fc
  .record(
    {
      loginServer,
      repository,
      tag,
      digest,
    },
    { requiredKeys: ['repository'] },
  )
  .filter((parts) => {
    if (parts.loginServer !== undefined) return true;
    const first = parts.repository.split('/')[0] ?? '';
    const multi = parts.repository.includes('/');
    const ambiguous = multi && (first.includes('.') || first === 'localhost');
    return !ambiguous && !/\.azurecr\.(?:io|cn|us)$/.test(parts.repository);
  });
