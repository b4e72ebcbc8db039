/**
 * `@x/fake-runtime`: what the kit's stateful API fakes share. The msw face is `@x/fake-runtime/msw` (so this entry
 * never imports msw), the command launcher `@x/fake-runtime/launch`.
 */
export { createClock, ManualClock, RealClock, type Clock, type ClockOption } from './clock.js';
export { Random } from './random.js';
export { forgedTokens, mutatedJson, oddSegment, oddValue, pick } from './fuzz.js';
export { cloneJson, isRecord, type JsonObject } from './json.js';
export {
  FAULT_STATUSES,
  FaultRateSchema,
  HttpFaults,
  matchesRequest,
  type FaultRate,
  type FaultStatus,
  type HttpFaultDecision,
  type HttpFaultsConfig,
  type RequestMatcher,
  type ScheduledFault,
  ScheduledFaultSchema,
} from './faults.js';
export { InputError, parseInput } from './input.js';
export { createTestToken, TokenError, verifyToken, type JwtClaims } from './tokens.js';
export type { CatalogueItem, CatalogueSnapshot, HttpMethod, RouteDef } from './generated-types.js';
export {
  empty,
  guardHandler,
  json,
  jsonStream,
  type FakeRequest,
  type FakeResponse,
  type RequestHandler,
} from './http/types.js';
export {
  DEFAULT_BODY_LIMITS,
  isJsonContentType,
  mediaTypeOf,
  parseFormBody,
  parseJsonBody,
  type BodyLimits,
  type BodyProblem,
  type ParsedBody,
} from './http/body.js';
export { Router, type RouteMatch } from './http/router.js';
export {
  AdvanceClockSchema,
  DEFAULT_MAX_STATE_BYTES,
  isStateUpload,
  LatencySchema,
  NoBodySchema,
  readAdminRequest,
  type AdminBodyRequest,
} from './http/admin.js';
export {
  checkLocalRequest,
  type GuardedRequest,
  type LocalRequestPolicy,
  type LocalRequestRefusal,
} from './http/guard.js';
export { applyHttpFault, realSleep, type ApplyFaultOptions } from './http/fault.js';
export {
  startHttpServer,
  type HttpServerOptions,
  type RunningHttpServer,
} from './http/server.js';
export { loadStateFile, saveStateAtomically, serializeState } from './state-file.js';
export { jsonBytes, jsonChunks, parseJsonStream, writeJson } from './json-stream.js';
export {
  DEFAULT_QUOTA_BYTES,
  estimateJsonBytes,
  quotaDetail,
  quotaOf,
  TenantQuota,
  type QuotaItem,
  type QuotaRefusal,
} from './quota.js';
export { persistState, type PersistedState, type PersistStateOptions } from './persist.js';
export { keepState, type KeptState } from './keep-state.js';
export {
  integerFlag,
  LOCAL_SERVER_FLAGS,
  localServerOptions,
  localServerUsage,
  parseFlags,
  stringFlag,
  stringListFlag,
  untilSignal,
  userPath,
  type Flags,
  type StopReason,
  type UntilSignalOptions,
} from './cli.js';
export {
  CheckFailure,
  expectEqual,
  expectStatus,
  expectTrue,
  list,
  readReply,
  record,
  runChecks,
  type Check,
  type CheckResult,
  type ConformanceReport,
  type Reply,
} from './conformance.js';
export { escapeHtml, html, Html, rawHtml, type HtmlValue } from './web/html.js';
export { ChangeFeed, eventStreamResponse, type Revision } from './web/live.js';
export { VIEW_CSS, VIEW_SCRIPT, viewAsset } from './web/assets.js';
export {
  AD_STATES,
  badge,
  filterForm,
  htmlResponse,
  inputField,
  pageResponse,
  pager,
  paginate,
  selectField,
  stateBadge,
  VIEW_PATH,
  wantsFragment,
  when,
  type AdState,
  type PageOptions,
} from './web/page.js';
export { adminForm, adminPanel, type AdminClock, type AdminFormOptions, type AdminPanel, type AdminPanelOptions } from './web/admin-panel.js';
export { webViewHandler, type WebViewHandlerOptions } from './web/serve.js';
