import { describe, expect, test } from '@jest/globals';
import { CLOUD_PROFILES } from '../../src/core/model/cloud.js';
import {
  formatReference,
  parseReference,
  resolveLoginServer,
  splitList,
  type ParsedReference,
} from '../../src/core/references/index.js';
import { inputErrorOf } from '../helpers/input-error-of.js';

const HEX = '0123456789abcdef'.repeat(4);
const DIGEST = `sha256:${HEX}`;
const AZURE = CLOUD_PROFILES.AzureCloud;

describe('parseReference accepts', () => {
  test.each<[string, string | undefined, Omit<ParsedReference, 'text'> & { text?: string }]>([
    ['app:1.2', undefined, { repository: 'app', tag: '1.2', hasOwnLoginServer: false }],
    [
      'app:1.2',
      'myreg.azurecr.io',
      { loginServer: 'myreg.azurecr.io', repository: 'app', tag: '1.2', hasOwnLoginServer: false },
    ],
    [
      'myreg.azurecr.io/app:1.2',
      'other.azurecr.io',
      { loginServer: 'myreg.azurecr.io', repository: 'app', tag: '1.2', hasOwnLoginServer: true },
    ],
    [
      'localhost:8443/samples/hello:1.0',
      undefined,
      { loginServer: 'localhost:8443', repository: 'samples/hello', tag: '1.0', hasOwnLoginServer: true },
    ],
    [
      'localhost/app:1',
      undefined,
      { loginServer: 'localhost', repository: 'app', tag: '1', hasOwnLoginServer: true },
    ],
    [
      'MyReg.AzureCR.io/app:1',
      undefined,
      { loginServer: 'myreg.azurecr.io', repository: 'app', tag: '1', hasOwnLoginServer: true },
    ],
    [
      '127.0.0.1:5000/a/b/c:Latest_2',
      undefined,
      { loginServer: '127.0.0.1:5000', repository: 'a/b/c', tag: 'Latest_2', hasOwnLoginServer: true },
    ],
    [
      '[::1]:5000/app:1',
      undefined,
      { loginServer: '[::1]:5000', repository: 'app', tag: '1', hasOwnLoginServer: true },
    ],
    ['samples/hello', undefined, { repository: 'samples/hello', hasOwnLoginServer: false }],
    ['app@' + DIGEST, undefined, { repository: 'app', digest: DIGEST, hasOwnLoginServer: false }],
    [
      'app:v1@' + DIGEST,
      undefined,
      { repository: 'app', tag: 'v1', digest: DIGEST, hasOwnLoginServer: false },
    ],
    [
      'a__b/c-d/e--f/g.h:_x',
      undefined,
      { repository: 'a__b/c-d/e--f/g.h', tag: '_x', hasOwnLoginServer: false },
    ],
    ['localhost:5000', undefined, { repository: 'localhost', tag: '5000', hasOwnLoginServer: false }],
    [
      'app:' + 'T'.repeat(128),
      undefined,
      { repository: 'app', tag: 'T'.repeat(128), hasOwnLoginServer: false },
    ],
    ['  app:1  ', undefined, { repository: 'app', tag: '1', hasOwnLoginServer: false, text: 'app:1' }],
    ['a'.repeat(256), undefined, { repository: 'a'.repeat(256), hasOwnLoginServer: false }],
  ])('%s (default login server %s)', (text, defaultLoginServer, expected) => {
    const parsed = parseReference(text, {
      input: 'image',
      ...(defaultLoginServer !== undefined ? { defaultLoginServer } : {}),
    });
    expect(parsed).toEqual({ text, ...expected });
  });
});

describe('parseReference refuses', () => {
  const emptyTag =
    "the tag after ':' is empty. An empty tag is NOT treated as a repository-wide lock; write repo:tag or " +
    'repo@sha256:<digest>, or to lock the whole repository give the bare repository name and set scope: repository';
  const digestRule =
    'digests must be sha256: followed by 64 lower-case hex characters (sha256 is the only algorithm accepted)';
  const tagRule = 'tags are 1–128 characters: letters, digits, _ . and -, not starting with . or -';
  const repoRule =
    'repository names are path components joined by /, each of lower-case letters and digits, ' +
    'separated inside by one of . _ __ or a run of -, starting and ending with a letter or digit';
  const hostRule =
    'login servers are a host name (letters, digits, - and .) with an optional :port, e.g. myreg.azurecr.io or localhost:8443';

  test.each<[string, string]>([
    [
      'App:1',
      "'App:1' — repository names are lower-case: letters, digits, and separators . _ __ - within path components",
    ],
    [
      'myreg.azurecr.io/samples/Hello',
      "'myreg.azurecr.io/samples/Hello' — repository names are lower-case: letters, digits, and separators . _ __ - within path components",
    ],
    ['app:', `'app:' — ${emptyTag}`],
    ['myreg.azurecr.io/app:', `'myreg.azurecr.io/app:' — ${emptyTag}`],
    [`app:@${DIGEST}`, `'app:@${DIGEST}' — ${emptyTag}`],
    [
      `app@sha256:${HEX.toUpperCase()}`,
      `'app@sha256:${HEX.toUpperCase()}' — invalid digest 'sha256:${HEX.toUpperCase()}': ${digestRule}`,
    ],
    [
      `app@sha512:${HEX}${HEX}`,
      `'app@sha512:${HEX}${HEX}' — invalid digest 'sha512:${HEX}${HEX}': ${digestRule}`,
    ],
    ['app@sha256:abc', `'app@sha256:abc' — invalid digest 'sha256:abc': ${digestRule}`],
    ['app@', `'app@' — invalid digest '': ${digestRule}`],
    [`app@${HEX}`, `'app@${HEX}' — invalid digest '${HEX}': ${digestRule}`],
    ['app:-x', `'app:-x' — invalid tag '-x': ${tagRule}`],
    ['app:.x', `'app:.x' — invalid tag '.x': ${tagRule}`],
    ['app:a:b', `'app:a:b' — invalid tag 'a:b': ${tagRule}`],
    ['app:a+b', `'app:a+b' — invalid tag 'a+b': ${tagRule}`],
    [`app:${'t'.repeat(129)}`, `'app:${'t'.repeat(129)}' — invalid tag '${'t'.repeat(129)}': ${tagRule}`],
    ['a..b:1', `'a..b:1' — invalid repository 'a..b': ${repoRule}`],
    ['a___b:1', `'a___b:1' — invalid repository 'a___b': ${repoRule}`],
    ['-app:1', `'-app:1' — invalid repository '-app': ${repoRule}`],
    ['app-/x:1', `'app-/x:1' — invalid repository 'app-/x': ${repoRule}`],
    ['samples//hello:1', `'samples//hello:1' — invalid repository 'samples//hello': ${repoRule}`],
    ['samples/:1', `'samples/:1' — invalid repository 'samples/': ${repoRule}`],
    [':1', "':1' — the repository name is missing"],
    ['myreg.azurecr.io/:1', "'myreg.azurecr.io/:1' — the repository name is missing"],
    [`@${DIGEST}`, `'@${DIGEST}' — the repository name is missing`],
    [
      `${'a'.repeat(257)}:1`,
      `'${'a'.repeat(200)}…' — repository names are at most 256 characters (this one has 257)`,
    ],
    [
      'myreg.azurecr.io',
      "'myreg.azurecr.io' — this is a login server alone; add the repository, e.g. myreg.azurecr.io/app:1.2",
    ],
    [
      'https://myreg.azurecr.io/app:1',
      "'https://myreg.azurecr.io/app:1' — a reference has no scheme; write loginServer/repository:tag, e.g. myreg.azurecr.io/app:1.2",
    ],
    [
      'app :1',
      "'app :1' — a reference contains no whitespace; separate several references with commas or newlines",
    ],
    ['my_reg.io/app:1', `'my_reg.io/app:1' — invalid login server 'my_reg.io': ${hostRule}`],
    [
      'localhost:99999/app:1',
      `'localhost:99999/app:1' — invalid login server 'localhost:99999': ${hostRule}`,
    ],
    ['myreg:abc/app:1', `'myreg:abc/app:1' — invalid login server 'myreg:abc': ${hostRule}`],
    ['-reg.io/app:1', `'-reg.io/app:1' — invalid login server '-reg.io': ${hostRule}`],
    ['', 'an image reference is empty — write repo:tag, repo@sha256:<digest> or myreg.azurecr.io/repo:tag'],
  ])('%s', (text, rule) => {
    const error = inputErrorOf(() => parseReference(text, { input: 'image' }));
    expect(error.input).toBe('image');
    expect(error.message).toBe(`Input 'image': ${rule}`);
  });

  test('names the input it was given', () => {
    expect(inputErrorOf(() => parseReference('App', { input: 'repositories' })).message).toMatch(
      /^Input 'repositories': 'App' — repository names are lower-case/,
    );
  });
});

describe('formatReference', () => {
  test.each<[Parameters<typeof formatReference>[0], string]>([
    [{ repository: 'app' }, 'app'],
    [{ repository: 'app', tag: '1' }, 'app:1'],
    [{ repository: 'app', digest: DIGEST }, `app@${DIGEST}`],
    [
      { loginServer: 'localhost:8443', repository: 'a/b', tag: 'x', digest: DIGEST },
      `localhost:8443/a/b:x@${DIGEST}`,
    ],
  ])('%j → %s', (parts, text) => {
    expect(formatReference(parts)).toBe(text);
  });
});

describe('resolveLoginServer accepts', () => {
  test.each<[string, keyof typeof CLOUD_PROFILES, string]>([
    ['myreg', 'AzureCloud', 'myreg.azurecr.io'],
    ['myreg', 'AzureChinaCloud', 'myreg.azurecr.cn'],
    ['myreg', 'AzureUSGovernment', 'myreg.azurecr.us'],
    ['MyReg01', 'AzureCloud', 'myreg01.azurecr.io'],
    ['  myreg  ', 'AzureCloud', 'myreg.azurecr.io'],
    ['a'.repeat(50), 'AzureCloud', `${'a'.repeat(50)}.azurecr.io`],
    ['myreg.azurecr.io', 'AzureChinaCloud', 'myreg.azurecr.io'],
    ['https://MyReg.AzureCR.io/', 'AzureCloud', 'myreg.azurecr.io'],
    ['myreg-abc123.azurecr.io', 'AzureCloud', 'myreg-abc123.azurecr.io'],
    ['myreg.azurecr.io//', 'AzureCloud', 'myreg.azurecr.io'],
    ['localhost:8443', 'AzureCloud', 'localhost:8443'],
    ['localhost', 'AzureCloud', 'localhost'],
    ['HTTPS://localhost:8443', 'AzureCloud', 'localhost:8443'],
  ])('%s in %s → %s', (registry, cloud, expected) => {
    expect(resolveLoginServer(registry, CLOUD_PROFILES[cloud])).toBe(expected);
  });
});

describe('resolveLoginServer refuses', () => {
  const nameRule =
    "registry names are 5–50 letters and digits (ACR's rule); or give the login server, e.g. myreg.azurecr.io";
  const pathRule =
    'a registry has no path; give only the login server and put the repository in image (myreg.azurecr.io/app:1.2 or app:1.2)';
  test.each<[string, string]>([
    [
      'http://myreg.azurecr.io',
      "'http://myreg.azurecr.io' — ACR is served over HTTPS only; give the login server without a scheme (myreg.azurecr.io)",
    ],
    [
      'oci://myreg',
      "'oci://myreg' — give a registry name (myreg) or a login server (myreg.azurecr.io), with no scheme but https://",
    ],
    ['myreg.azurecr.io/app', `'myreg.azurecr.io/app' — ${pathRule}`],
    ['https://myreg.azurecr.io/app/', `'https://myreg.azurecr.io/app/' — ${pathRule}`],
    ['myreg/app', `'myreg/app' — ${pathRule}`],
    ['abcd', `'abcd' — ${nameRule}`],
    ['a'.repeat(51), `'${'a'.repeat(51)}' — ${nameRule}`],
    ['my-reg', `'my-reg' — ${nameRule}`],
    ['my_registry', `'my_registry' — ${nameRule}`],
    [
      'my_reg.azurecr.io',
      "'my_reg.azurecr.io' — login servers are a host name (letters, digits, - and .) with an optional :port, e.g. myreg.azurecr.io or localhost:8443",
    ],
    [
      'myreg.azurecr.io:0',
      "'myreg.azurecr.io:0' — login servers are a host name (letters, digits, - and .) with an optional :port, e.g. myreg.azurecr.io or localhost:8443",
    ],
    ['https://', "'https://' — the login server is missing after https://"],
    ['   ', 'is empty — give a registry name (myreg) or its login server (myreg.azurecr.io)'],
  ])('%s', (registry, rule) => {
    const error = inputErrorOf(() => resolveLoginServer(registry, AZURE));
    expect(error.input).toBe('registry');
    expect(error.message).toBe(`Input 'registry': ${rule}`);
  });

  test('names another input when asked', () => {
    const error = inputErrorOf(() => resolveLoginServer('abc', AZURE, { input: 'registries' }));
    expect(error.input).toBe('registries');
  });
});

describe('splitList', () => {
  test.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    [' , \n ,', []],
    ['app:1', ['app:1']],
    ['app:1,app:2', ['app:1', 'app:2']],
    ['  app:1 ,\n app:2\r\n\napp:3,', ['app:1', 'app:2', 'app:3']],
    ['a\nb,c', ['a', 'b', 'c']],
  ])('%j → %j', (text, expected) => {
    expect(splitList(text)).toEqual(expected);
  });
});
