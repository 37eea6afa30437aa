import { describe, expect, test } from '@jest/globals';
import { ENTRA_TEST_TOKEN, entraTestCredential, withEmulator } from '../helpers/emulator-fixture.js';
import { call, FORM_HEADERS, form } from './support/https-client.js';

describe('withEmulator', () => {
  const emu = withEmulator({ seed: false });
  let touchedEarly: unknown;
  try {
    void emu.url;
  } catch (e) {
    touchedEarly = e;
  }

  test('refuses use before beforeAll, then forwards to the running emulator', () => {
    expect(String(touchedEarly)).toMatch(/between beforeAll and afterAll/);
    expect(emu.url).toBe(`https://${emu.loginServer}`);
    expect(emu.store.listRepositories()).toEqual([]);
    emu.clearRequestLog();
    expect(emu.requestLog).toEqual([]);
  });

  test('its emulator accepts ENTRA_TEST_TOKEN on /oauth2/exchange, and the test credential hands it out', async () => {
    expect(
      (await entraTestCredential().getToken('https://containerregistry.azure.net/.default'))?.token,
    ).toBe(ENTRA_TEST_TOKEN);
    const reply = await call(emu, {
      method: 'POST',
      path: '/oauth2/exchange',
      headers: FORM_HEADERS,
      body: form({ grant_type: 'access_token', service: emu.loginServer, access_token: ENTRA_TEST_TOKEN }),
    });
    expect(reply.status).toBe(200);
  });
});
