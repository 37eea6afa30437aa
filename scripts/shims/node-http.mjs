// Replaces `import http from 'node:http'` in @typespec/ts-http-runtime (the Azure SDK's HTTP client). An ESM
// import of a built-in builds a facade over all its exports, and reading node:http's loads Node's internal
// undici (for its WebSocket export): about 20 ms of a short run, for nothing the SDK uses. require() (the
// bundle's own, see the banner in bundle.mjs) reads only what is used.
// eslint-disable-next-line no-undef, @typescript-eslint/no-require-imports
export default require('node:http');
