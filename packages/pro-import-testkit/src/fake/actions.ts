import { badRequest, deletedAfterQueue, isApiResult, nonField, requireAd, type ApiResult, type Call, type Env } from './context.js';
import type { LogAction, StoredAd } from './types.js';
import { adView } from './view.js';

/** Query booleans the way DRF reads them. */
function queryBoolean(call: Call, name: string): boolean | undefined | ApiResult {
  const raw = call.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (['true', '1', 'True', 'yes'].includes(raw)) return true;
  if (['false', '0', 'False', 'no'].includes(raw)) return false;
  return badRequest({ [name]: ['Must be a valid boolean.'] });
}

/**
 * Why a charged action cannot run on this ad, or `undefined`. The documented prerequisite is "The ad must be visible
 * (visible=true)"; a deleted ad is unpublished from every marketplace, so it cannot be renewed either. Nothing says an
 * ad must have finished publishing first, so the fake does not ask for it.
 */
function chargeablePrerequisite(env: Env, ad: StoredAd, what: string): ApiResult | undefined {
  if (deletedAfterQueue(env, ad)) return nonField(`Ad has been deleted, cannot ${what}`);
  if (ad.fields.visible === false) return nonField(`Ad is not visible, cannot ${what}`);
  return undefined;
}

const ok = (ad: StoredAd): ApiResult => ({ status: 200, body: adView(ad, { includeLog: true }) });

/**
 * GET .../bump: renews a visible ad (charges in production). "For registered vehicles, you can choose to exclude
 * either Blocket or Bytbil": the documents say what the flags do for registered vehicles and nothing else, so a flag
 * on another type is accepted and has nothing to exclude (the ad is only on Blocket), and both flags at once are
 * accepted and renew the ad nowhere (reconstructed: neither is documented as refused).
 */
export function bumpAd(env: Env, call: Call): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  const options: Record<string, boolean> = {};
  for (const name of ['exclude_bytbil', 'exclude_blocket']) {
    const value = queryBoolean(call, name);
    if (typeof value === 'object') return value;
    if (value === undefined) continue;
    if (ad.registered) options[name] = value;
  }
  const refused = chargeablePrerequisite(env, ad, 'bump');
  if (refused !== undefined) return refused;
  if (env.state.bumpDenied.has(ad.dealer_code)) {
    return nonField('The dealer has no bump permission for any marketplace, cannot bump');
  }
  // V3: "Currently, ads on pole position cannot be bumped/renewed." (the V4 edition does not say so)
  if (call.family === 'v3' && ad.pole_position_until !== null && ad.pole_position_until > env.state.clock.now()) {
    return nonField('Ads on pole position cannot be bumped/renewed.');
  }
  env.worker.enqueue(ad, ['bump'], env.state.uuid(), options);
  return ok(ad);
}

/** GET .../pole_position: registered vehicles only, visible and published, not while active (3 days). */
export function polePositionAd(env: Env, call: Call): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  if (!ad.registered) return nonField('Pole Position is only available for registered vehicles.');
  const refused = chargeablePrerequisite(env, ad, 'activate Pole Position');
  if (refused !== undefined) return refused;
  if (ad.pole_position_until !== null && ad.pole_position_until > env.state.clock.now()) {
    return nonField(
      `Pole Position is already active until ${new Date(ad.pole_position_until).toISOString()}.`,
    );
  }
  if (env.worker.hasPending(ad, 'boost')) return nonField('Pole Position is already queued for this ad.');
  env.worker.enqueue(ad, ['boost'], env.state.uuid());
  return ok(ad);
}

/**
 * GET .../retry: "Re-queue ad for processing". The documents name no precondition, so every ad is re-queued: the
 * failed action and the ones it prevented when something failed, else the ad's processing again (media, and
 * publishing when it is visible). A deleted ad (or one whose delete is queued) has nothing to publish: only what
 * failed is re-queued (a failed unpublish or delete), else nothing, and the answer is the ad (reconstructed).
 */
export function retryAd(env: Env, call: Call): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  const failed = ad.retry !== null && ad.retry.length > 0 ? ad.retry : undefined;
  const deleted = deletedAfterQueue(env, ad);
  const actions: LogAction[] =
    failed !== undefined
      ? deleted
        ? failed.filter((action) => action === 'unpublish' || action === 'delete')
        : failed
      : deleted
        ? []
        : ad.fields.visible === false
          ? ['handle_media']
          : ['handle_media', 'publish'];
  ad.retry = null;
  if (actions.length > 0) env.worker.enqueue(ad, actions, env.state.uuid());
  return ok(ad);
}
