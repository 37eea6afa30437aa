import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SAMPLES, formatBanner } from '../../src/emulator/index.js';
import { call } from './support/https-client.js';

describe('standalone', () => {
  test('formatBanner names the login server, the CA file, the admin and the samples', () => {
    const banner = formatBanner({
      url: 'https://localhost:5000',
      loginServer: 'localhost:5000',
      caCertPath: '/tmp/x/ca.crt',
      admin: { username: 'acrlock', password: 'secret' },
    });
    expect(banner).toContain('Login server : localhost:5000');
    expect(banner).toContain('export NODE_EXTRA_CA_CERTS=/tmp/x/ca.crt');
    expect(banner).toContain('acrlock');
    expect(banner).toContain('secret');
    expect(banner).toContain(`localhost:5000/samples/hello:1.0`);
    expect(banner).toContain(SAMPLES.multiArch.digest);
    expect(banner).toContain('localhost:5000/samples/signed:1.0');
  });

  test('runStandalone serves until SIGTERM, then cleans up', async () => {
    const script = fileURLToPath(new URL('./support/run-standalone.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, 'registry.local'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in time: ${stdout} ${stderr}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('Press Ctrl+C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
      });
      const loginServer = /Login server : (\S+)/.exec(stdout)?.[1] ?? '';
      const caPath = /CA file {6}: (\S+)/.exec(stdout)?.[1] ?? '';
      expect(loginServer).toMatch(/^registry\.local:\d+$/);
      const port = loginServer.split(':')[1];
      const caCertPem = await readFile(caPath, 'utf8');
      // The certificate names localhost too, so a client can connect by it.
      const reply = await call({ url: `https://localhost:${port}`, caCertPem }, { path: '/v2/' });
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toContain(`service="${loginServer}"`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(caPath)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
