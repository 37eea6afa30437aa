#!/usr/bin/env node
import { createRequire as __acrLockCreateRequire } from 'node:module'; const require = __acrLockCreateRequire(import.meta.url);
import e from"node:module";e.enableCompileCache?.();await import("./chunks/start-2G3RJYLW.js");
