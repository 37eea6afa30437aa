#!/usr/bin/env node
import { createRequire as __acrLockCreateRequire } from 'node:module'; const require = __acrLockCreateRequire(import.meta.url);
import"./chunks/chunk-2CQK3KTW.js";import e from"node:module";import{setFlagsFromString as o}from"node:v8";function r(){o("--semi-space-growth-factor=1"),o("--no-maglev")}e.enableCompileCache?.();r();await import("./chunks/start-UXZPIH2H.js");
