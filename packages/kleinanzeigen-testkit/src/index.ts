/**
 * `@x/kleinanzeigen-testkit`: a stateful fake of the Kleinanzeigen Public API Gateway. The msw face is
 * `@x/kleinanzeigen-testkit/msw`, the HTTP face `@x/kleinanzeigen-testkit/server`.
 */
export {
  createKleinanzeigenFake,
  KleinanzeigenFake,
  type Dispatch,
  type KleinanzeigenFakeOptions,
} from './fake/fake.js';
export { AUDIENCE, DEFAULT_CLIENT, randomSigningSecret, userIdOf, type TokenOptions } from './fake/auth.js';
export {
  FORCED_REASON,
  KleinanzeigenFaults,
  type FaultRate,
  type FaultStatus,
  type KleinanzeigenFaultsConfig,
  type RejectionRule,
  type RequestMatcher,
  type ScheduledFault,
} from './fake/faults.js';
export type {
  ClientConfig,
  KleinanzeigenSnapshot,
  ListingFields,
  Principal,
  PublicationLocation,
  PublicationStatus,
  StoredImage,
  StoredImprint,
  StoredListing,
  StoredPublication,
  StoredTicket,
} from './fake/types.js';
export { imageTypeOf, MAX_IMAGE_BYTES, MAX_STORED_BYTES } from './fake/media.js';
export { ManualClock, RealClock, type Clock, type FakeRequest, type FakeResponse } from '@x/fake-runtime';
export { handleKleinanzeigenRequest, type HandlerOptions } from './http/handle.js';
export { ADMIN_ENDPOINTS } from './http/admin.js';
export { canonicalGoodsPath, GOODS_BASE, OPENAPI_PATH, TOKEN_PATH } from './http/paths.js';
export {
  runConformance,
  ConformanceSetupError,
  CONFORMANCE_CHECKS,
  TEST_PNG,
  type CheckResult,
  type ConformanceOptions,
  type ConformanceReport,
} from './conformance/suite.js';
