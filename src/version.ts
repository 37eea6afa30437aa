// Written by scripts/sync-version.mjs from package.json's version; a test checks they agree.
export const VERSION = '1.0.0';
