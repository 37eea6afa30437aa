// @actions/http-client imports undici at start-up only to build a ProxyAgent when a proxy is set.
// This stand-in evaluates the bundled undici on first use instead: esbuild turns the free `require`
// below into a lazily initialised module, which takes undici off every action's cold start.
export class ProxyAgent {
  constructor(options) {
    // eslint-disable-next-line no-undef, @typescript-eslint/no-require-imports
    return new (require('undici').ProxyAgent)(options);
  }
}
