import { badRequest, findAd, nonField, notFound, type ApiResult, type Call, type Env } from './context.js';
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
function chargeablePrerequisite(ad: StoredAd, what: string): ApiResult | undefined {
  if (ad.state === 'deleted') return nonField(`Ad has been deleted, cannot ${what}`);
  if (ad.fields.visible === false) return nonField(`Ad is not visible, cannot ${what}`);
  return undefined;
}

const ok = (ad: StoredAd): ApiResult => ({ status: 200, body: adView(ad, { includeLog: true }) });

/** GET .../bump: renews a visible, published ad (charges in production). Exclusions are for registered vehicles. */
export function bumpAd(env: Env, call: Call): ApiResult {
  const ad = findAd(env, call);
  if (ad === undefined) return notFound();
  const options: Record<string, boolean> = {};
  for (const name of ['exclude_bytbil', 'exclude_blocket']) {
    const value = queryBoolean(call, name);
    if (typeof value === 'object') return value;
    if (value === undefined) continue;
    if (!ad.registered && value) return badRequest({ [name]: ['Only available for registered vehicles.'] });
    options[name] = value;
  }
  if (options.exclude_bytbil === true && options.exclude_blocket === true) {
    return nonField(
      'exclude_bytbil and exclude_blocket cannot both be true: the ad would be renewed nowhere.',
    );
  }
  const refused = chargeablePrerequisite(ad, 'bump');
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
  const ad = findAd(env, call);
  if (ad === undefined) return notFound();
  if (!ad.registered) return nonField('Pole Position is only available for registered vehicles.');
  const refused = chargeablePrerequisite(ad, 'activate Pole Position');
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
 * GET .../retry: "Re-queue ad for processing". Any ad that is not deleted: the failed action and the ones it
 * prevented when something failed, else the ad's processing again (media, and publishing when it is visible). The
 * documents name no precondition, so a healthy ad is re-queued too.
 */
export function retryAd(env: Env, call: Call): ApiResult {
  const ad = findAd(env, call);
  if (ad === undefined) return notFound();
  if (ad.state === 'deleted') return nonField('Ad has been deleted, cannot retry');
  const actions: LogAction[] =
    ad.retry !== null && ad.retry.length > 0
      ? ad.retry
      : ad.fields.visible === false
        ? ['handle_media']
        : ['handle_media', 'publish'];
  ad.retry = null;
  env.worker.enqueue(ad, actions, env.state.uuid());
  return ok(ad);
}
