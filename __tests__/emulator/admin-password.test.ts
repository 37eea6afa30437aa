// The emulator's random admin password is handed to real clients on their command lines (the README's
// CI examples: `az acr repository show --password "$ACR_EMULATOR_PASSWORD"`, skopeo's --creds): it
// must never read as an option. base64url did, one password in 64 starting with `-`.
import { describe, expect, test } from '@jest/globals';
import { randomAdminPassword, resolveOptions } from '../../src/emulator/emulator-options.js';

describe('the random admin password', () => {
  test('is 128 bits of lower-case hex: never a leading `-`, nothing a shell or a parser reads', () => {
    const passwords = Array.from({ length: 2000 }, () => randomAdminPassword());
    for (const password of passwords) expect(password).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  test('is what an emulator started without credentials uses', () => {
    const { admin } = resolveOptions();
    expect(admin.username).toBe('acrlock');
    expect(admin.password).toMatch(/^[0-9a-f]{32}$/);
  });
});
