export {
  createFake,
  ProImportFake,
  type FakeOptions,
  type SeedV3AdInput,
  type Dispatch,
} from './fake/fake.js';
export { ManualClock, RealClock, type Clock } from '@x/fake-runtime';
export {
  Faults,
  type ActionFault,
  type FaultRate,
  type FaultStatus,
  type ScheduledFault,
  type RequestMatcher,
  type FaultsConfig,
} from './fake/faults.js';
export {
  createTestToken,
  verifyToken,
  DEFAULT_JWT_SECRET,
  TokenError,
  type TokenClaims,
  type Principal,
} from './fake/tokens.js';
export type {
  AdminAd,
  FakeSnapshot,
  LogAction,
  LogEntry,
  LogState,
  StoredAd,
  ImageRef,
} from './fake/types.js';
export type { ValidatePayload, DrfErrorBody, FieldErrors, ValidationOutcome } from './fake/validation.js';
export {
  buildAd,
  createAdFactory,
  VEHICLE_TYPES,
  type AdFactory,
  type BuildAd,
  type CreateBody,
  type V3CreateBody,
  type VehicleType,
} from './factories.js';
export { handleRequest, BASE_PATH, type HandlerOptions } from './http/handle.js';
export { ADMIN_ENDPOINTS } from './http/admin.js';
export type { FakeRequest } from '@x/fake-runtime';
/** What the fake answers: a status, headers and a JSON text body. */
export type FakeResponse = import('@x/fake-runtime').FakeResponse<string>;
export {
  runConformance,
  ConformanceSetupError,
  CONFORMANCE_CHECKS,
  type CheckResult,
  type ConformanceOptions,
  type ConformanceReport,
} from './conformance/suite.js';
export { seedDemoV3Ads } from './fake/seed.js';
