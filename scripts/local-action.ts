// `npm run local-action`: the action from source (src/github/run.ts) through @github/local-action, with
// .env.example's inputs against an emulator started here (its placeholders filled in).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';

const emu = await startEmulator();
const dir = await mkdtemp(join(tmpdir(), 'acr-lock-local-action-'));
try {
  const values: Record<string, string> = {
    EMULATOR_LOGIN_SERVER: emu.loginServer,
    EMULATOR_USERNAME: emu.admin.username,
    EMULATOR_PASSWORD: emu.admin.password,
    EMULATOR_CA_FILE: emu.caCertPath,
  };
  const template = await readFile(process.argv[2] ?? '.env.example', 'utf8');
  const dotenv = join(dir, '.env');
  await writeFile(
    dotenv,
    template.replace(/\bEMULATOR_[A-Z_]+\b/g, (name) => values[name] ?? name),
  );
  const child = spawn('npx', ['local-action', 'run', '.', 'src/github/run.ts', dotenv], { stdio: 'inherit' });
  process.exitCode = await new Promise<number>((resolve) =>
    child.once('close', (code) => resolve(code ?? 1)),
  );
} finally {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
}
