import { imageProblem, imageRefFor } from './media.js';
import { FakeState } from './state.js';
import type { Job, LogAction, LogState, StoredAd } from './types.js';
import { isRecord, type JsonObject } from './json.js';

const POLE_POSITION_MS = 3 * 24 * 60 * 60 * 1000;

type Outcome = {
  state: Exclude<LogState, 'processing'>;
  message: string | JsonObject;
  stopPublishing?: boolean;
};

/**
 * The `processing` messages. The documents' example log gives "Processing" (create, handle_media) and "Publishing
 * in progress." (publish); the other actions follow the first.
 */
const PROCESSING: Record<LogAction, string> = {
  create: 'Processing',
  update: 'Processing',
  handle_media: 'Processing',
  publish: 'Publishing in progress.',
  unpublish: 'Processing',
  delete: 'Processing',
  bump: 'Processing',
  boost: 'Processing',
};

/**
 * The background worker: runs each ad's queued jobs one action at a time, in order, on the fake's clock. Each
 * action logs `processing`, then after `latencyMs` `done` or `error` and applies its effect, so every step is one
 * latency long. All state lives in `FakeState` (jobs are data), so a snapshot taken mid-way resumes exactly.
 */
export class Worker {
  /** The live timer of each ad's queue; a timer whose token is no longer here does nothing (after flush or reset). */
  private readonly armed = new Map<string, number>();
  private tokens = 0;

  constructor(private readonly state: FakeState) {}

  /** Queues a job for an ad; starts the ad's queue if it was idle. */
  enqueue(ad: StoredAd, actions: LogAction[], requestId: string, options?: JsonObject): void {
    const key = this.state.key(ad.dealer_code, ad.source_id);
    const queue = this.state.queues.get(key) ?? [];
    queue.push({ request_id: requestId, actions, index: 0, started: false, ...(options ? { options } : {}) });
    this.state.queues.set(key, queue);
    if (queue.length === 1) this.scheduleTick(key);
  }

  /** Forgets every timer (the queues were replaced by `reset` or `load`). */
  disarmAll(): void {
    this.armed.clear();
  }

  /** Re-arms timers for every queue (after loading a snapshot). */
  resumeAll(): void {
    for (const key of this.state.queues.keys()) this.scheduleTick(key);
  }

  /** Runs every queued action now, whatever the clock says (for `fake.flush()` and the admin endpoint). */
  flush(limit = 100_000): void {
    this.armed.clear();
    for (let i = 0; i < limit; i++) {
      const key = this.state.queues.keys().next().value;
      if (key === undefined) return;
      this.step(key, true);
    }
  }

  hasPending(ad: StoredAd, action: LogAction): boolean {
    const queue = this.state.queues.get(this.state.key(ad.dealer_code, ad.source_id)) ?? [];
    return queue.some((job) => job.actions.slice(job.index).includes(action));
  }

  private scheduleTick(key: string): void {
    const token = ++this.tokens;
    this.armed.set(key, token);
    this.state.clock.schedule(this.state.latencyMs, () => {
      if (this.armed.get(key) !== token) return;
      this.armed.delete(key);
      try {
        this.step(key, false);
      } catch (error) {
        // A bug in a step must not take the server down: drop that ad's queue and say why.
        this.state.queues.delete(key);
        const [dealer, sourceId] = FakeState.parts(key);
        console.error(
          `pro-import fake: the worker failed on ${FakeState.snapshotKey(dealer, sourceId)} and dropped its queued work: ${(error as Error).stack ?? String(error)}`,
        );
      }
    });
  }

  /** One step of an ad's queue: start the current action, or finish it and start the next. */
  private step(key: string, flushing: boolean): void {
    const queue = this.state.queues.get(key);
    const job = queue?.[0];
    const ad = this.state.ads.get(key);
    if (queue === undefined || job === undefined || ad === undefined) {
      this.state.queues.delete(key);
      return;
    }
    const action = job.actions[job.index];
    if (action === undefined) {
      this.finishJob(key, queue, flushing);
      return;
    }
    if (!job.started) {
      this.state.log(ad, job.request_id, action, 'processing', PROCESSING[action]);
      job.started = true;
      if (!flushing) this.scheduleTick(key);
      return;
    }
    const outcome = this.complete(ad, action, job);
    this.state.log(ad, job.request_id, action, outcome.state, outcome.message);
    this.state.index.setUpdated(ad, this.state.clock.now());
    job.started = false;
    job.index += 1;
    if (outcome.state === 'error') {
      const rest = job.actions.slice(job.index);
      ad.retry = [action, ...(action === 'handle_media' && !outcome.stopPublishing ? [] : rest)];
    }
    if (outcome.stopPublishing) job.actions = job.actions.filter((a, i) => i < job.index || a !== 'publish');
    if (outcome.state === 'error' && action !== 'handle_media') job.actions = job.actions.slice(0, job.index);
    const next = job.actions[job.index];
    if (next === undefined) {
      this.finishJob(key, queue, flushing);
      return;
    }
    this.state.log(ad, job.request_id, next, 'processing', PROCESSING[next]);
    job.started = true;
    if (!flushing) this.scheduleTick(key);
  }

  private finishJob(key: string, queue: Job[], flushing: boolean): void {
    const job = queue.shift();
    const ad = this.state.ads.get(key);
    if (job !== undefined && ad !== undefined) {
      const failed = ad.log.some((entry) => entry.request_id === job.request_id && entry.state === 'error');
      if (!failed) ad.retry = null;
    }
    if (queue.length === 0) {
      this.state.queues.delete(key);
      return;
    }
    if (!flushing) this.scheduleTick(key);
  }

  private complete(ad: StoredAd, action: LogAction, job: Job): Outcome {
    const forced = this.state.faults.takeActionFault(action, ad.source_id);
    if (forced !== undefined)
      return { state: 'error', message: forced, stopPublishing: action === 'handle_media' };
    switch (action) {
      case 'create':
        if (typeof job.options?.linked === 'string')
          return {
            state: 'done',
            message: `Linked to the existing Blocket ad ${job.options.linked} (matched by licence plate).`,
          };
        return { state: 'done', message: 'Ad created' };
      case 'update':
        // "You can use the PUT method to revive a deleted ad in unregistered vehicle categories": never a registered one.
        if (ad.state === 'deleted' && ad.registered) return { state: 'error', message: 'Ad has been deleted, cannot update' };
        if (ad.state === 'deleted') ad.state = 'created';
        return { state: 'done', message: 'Ad updated' };
      case 'handle_media':
        return this.handleMedia(ad);
      case 'publish':
        ad.blocket_ad_id ??= this.state.nextBlocketAdId();
        if (ad.registered) ad.offer_id ??= this.state.nextOfferId();
        return { state: 'done', message: 'Ad published' };
      case 'unpublish':
        return { state: 'done', message: 'Removed from the marketplaces.' };
      case 'delete':
        ad.state = 'deleted';
        return { state: 'done', message: 'Ad deleted.' };
      case 'bump': {
        const options = job.options ?? {};
        const blocket = options.exclude_blocket !== true;
        const bytbil = ad.registered && options.exclude_bytbil !== true;
        if (!blocket && !bytbil) return { state: 'done', message: 'Ad renewed on no marketplace: both were excluded.' };
        const where = blocket && bytbil ? 'Blocket and Bytbil' : blocket ? 'Blocket' : 'Bytbil';
        return { state: 'done', message: `Ad renewed on ${where}.` };
      }
      case 'boost':
        ad.pole_position_until = this.state.clock.now() + POLE_POSITION_MS;
        return {
          state: 'done',
          message: `Pole Position active until ${new Date(ad.pole_position_until).toISOString()}.`,
        };
    }
  }

  private handleMedia(ad: StoredAd): Outcome {
    const urls = Array.isArray(ad.fields.image_urls)
      ? ad.fields.image_urls.filter((u): u is string => typeof u === 'string')
      : [];
    const problems: string[] = [];
    const refs = [];
    for (const url of urls) {
      const problem = imageProblem(url);
      if (problem === undefined) refs.push(imageRefFor(url, this.state.media));
      else problems.push(problem);
    }
    ad.image_refs = refs;
    if (problems.length === 0) return { state: 'done', message: 'Images uploaded' };
    const dontPublish = isRecord(ad.fields) && ad.fields.dont_publish_on_failed_images === true;
    const tail = dontPublish ? ' Not publishing: dont_publish_on_failed_images is set.' : '';
    return { state: 'error', message: `${problems.join(' ')}${tail}`, stopPublishing: dontPublish };
  }
}
