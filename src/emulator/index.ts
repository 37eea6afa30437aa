/**
 * The ACR data-plane emulator: HTTPS, ACR's token flow, `/acr/v1` and OCI `/v2` routes, lock
 * semantics, fault injection and a request log. See DESIGN.md "The ACR emulator".
 */
export { startEmulator, type RunningEmulator } from './start-emulator.js';
export type { EmulatorOptions, TestMutation } from './emulator-options.js';
export { ACR_TIER_LIMITS, type RateLimits } from './server/rate-limiter.js';
export type { RequestLogEntry } from './log/request-log.js';
export {
  environmentOf,
  formatBanner,
  formatEnvironment,
  runStandalone,
  type EmulatorEnvironment,
  type StandaloneOptions,
} from './standalone.js';
export { SAMPLES, SAMPLE_CONTENT, type SampleImage } from './seed/samples.js';
export {
  buildArtifact,
  buildCosignSignature,
  cosignSignatureTag,
  buildImage,
  buildIndex,
  storeBuilt,
  type ArtifactSpec,
  type BuiltBlob,
  type BuiltManifest,
  type ImageSpec,
} from './seed/image-builder.js';
export {
  FaultInjector,
  seededRandom,
  type Fault,
  type FaultRule,
  type InjectedFault,
} from './faults/fault-injector.js';
export { MemoryRegistryStore } from './store/memory-registry-store.js';
export {
  DEFAULT_CHANGEABLE_ATTRIBUTES,
  type AttributePatch,
  type ChangeableAttributes,
  type DeletedRepository,
  type ListingOrder,
  type ListingPage,
  type ListingQuery,
  type ManifestRecord,
  type PlatformReference,
  type RegistryStore,
  type RepositoryRecord,
  type TagRecord,
  type UploadRecord,
} from './store/registry-store.js';
export type { ScopeMapAction, ScopedTokenConfig } from './auth/principals.js';
export { sha256Digest } from './store/digest.js';
export { DISALLOWED_MESSAGE } from './errors/acr-error.js';
