/**
 * Kleinanzeigen soak: for many items, creates a listing, uploads an image (`media.upload`), publishes it
 * (`publications.createAndWait`) and deletes the listing, through injected faults with the client's default
 * settings; then checks every outcome against the fake's state and prints, per phase, how many calls were lost,
 * duplicated or falsely reported as failed.
 *
 * The faults are those of the Pro Import soak (`soak.ts`): half from the fake's own fault injection (429, 500, 502,
 * 503, 504 answered before the request is handled, on every path: goods API, token endpoint and storage), half from
 * a proxy between the client and the goods API / token endpoint that fails requests after the fake handled them
 * (answer lost, a 500 or a 502 instead) or drops the connection before forwarding. `--fault-rate` (default 0.2) of
 * all requests fail.
 *
 * The API has no way to find a listing whose create answer was lost (no listing collection or search, gap G-24):
 * such a create can only be reported as "outcome unknown". Those are counted apart from the false failures that
 * claim the work was not done.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createKleinanzeigenClient, type KleinanzeigenClient } from '@x/kleinanzeigen-client';
import { startKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import { emptyPhase, flag, percent, pool, PROXY_KINDS, startFaultyProxy, type PhaseReport, type SoakOptions, type SoakReport } from './soak.js';

/** The Pro Import soak's settings, and the wait settings of `publications.createAndWait`. */
export type KleinanzeigenSoakOptions = Pick<SoakOptions, 'count' | 'faultRate' | 'concurrency' | 'seed' | 'latencyMs' | 'retry' | 'progress'> & {
  wait?: { timeoutMs?: number; pollMs?: number; maxPollMs?: number };
};

/** One phase's figures, as the Pro Import soak counts them. */
export type KleinanzeigenPhase = PhaseReport;

export type KleinanzeigenSoakReport = {
  options: Required<Pick<KleinanzeigenSoakOptions, 'count' | 'faultRate' | 'concurrency' | 'seed' | 'latencyMs'>>;
  create: KleinanzeigenPhase;
  upload: KleinanzeigenPhase;
  publish: KleinanzeigenPhase;
  delete: KleinanzeigenPhase;
  requests: number;
  faults: Record<string, number>;
  seconds: number;
};

const CREDENTIALS = { clientId: 'soak-shop', clientSecret: 'soak-secret-0123456789' };
const INJECTED = 'injected by the fake (429/500/502/503/504)' as const;

function kindOf(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const status = (error as { status?: unknown }).status;
  return `${error.constructor.name}${typeof status === 'number' ? ` ${status}` : ''}`;
}

function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof Error && /OutcomeUnknown/.test(error.constructor.name);
}

/** One call of a phase: its outcome, and (after the run) whether the fake holds its result and how many times. */
type Outcome = { ok: boolean; error?: unknown };

/**
 * Tallies one item of a phase from what the call said and what the fake holds: `done` results of the work (0: not
 * done), `copies` how many times it was done (more than 1: duplicated; default `done`).
 */
function judge(phase: KleinanzeigenPhase, outcome: Outcome, done: number, copies = done): void {
  phase.attempted += 1;
  if (copies > 1) phase.duplicated += 1;
  if (outcome.ok) {
    phase.succeeded += 1;
    if (done === 0) phase.lost += 1;
    return;
  }
  const kind = kindOf(outcome.error);
  phase.errors[kind] = (phase.errors[kind] ?? 0) + 1;
  phase.examples[kind] ??= outcome.error instanceof Error ? outcome.error.message.replace(/\s+/g, ' ').slice(0, 300) : String(outcome.error);
  if (done === 0) {
    phase.trueFailures += 1;
    return;
  }
  phase.falseFailures += 1;
  if (isOutcomeUnknown(outcome.error)) phase.falseFailuresOutcomeUnknown += 1;
}

async function attempt(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Runs the soak and answers the figures. */
export async function runKleinanzeigenSoak(options: KleinanzeigenSoakOptions = {}): Promise<KleinanzeigenSoakReport> {
  const settings = {
    count: options.count ?? 1000,
    faultRate: options.faultRate ?? 0.2,
    concurrency: options.concurrency ?? 50,
    seed: options.seed ?? 1,
    latencyMs: options.latencyMs ?? 20,
  };
  const started = Date.now();
  const image = await readFile(new URL('../../kleinanzeigen-quickstart/images/front.jpg', import.meta.url));
  // Half of the faults at the fake (before handling), half at the proxy (after): 1 - (1 - f)(1 - p) = faultRate.
  const fakeRate = settings.faultRate / 2;
  const proxyRate = 1 - (1 - settings.faultRate) / (1 - fakeRate);
  const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: settings.latencyMs, clients: [CREDENTIALS] } });
  const faults = Object.fromEntries([...PROXY_KINDS, INJECTED].map((k) => [k, 0])) as SoakReport['faults'];
  let requests = 0;
  const proxy = await startFaultyProxy(running.origin, proxyRate, settings.seed, faults, () => {
    requests += 1;
  });
  // The storage is another host in production: the client PUTs there directly, not through the proxy. Count those
  // requests (and the fake's faults on them) too.
  const client: KleinanzeigenClient = createKleinanzeigenClient({
    ...CREDENTIALS,
    baseUrl: `${proxy.url}/api/goods`,
    tokenUrl: `${proxy.url}/v2/oidc/token`,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    fetch: async (request) => {
      const direct = !request.url.startsWith(proxy.url);
      if (direct) requests += 1;
      const response = await fetch(request);
      if (direct && [429, 500, 502, 503, 504].includes(response.status)) faults[INJECTED] += 1;
      return response;
    },
  });
  try {
    // The imprint is set up once, straight at the fake: the soak is about the items.
    const direct = createKleinanzeigenClient({ ...CREDENTIALS, baseUrl: running.baseUrl, tokenUrl: running.tokenUrl });
    const { uuid: imprintUuid } = await direct.imprints.create({ content: 'Soak GmbH, Musterstraße 1, 10115 Berlin' });
    running.fake.faults.setRate({ rate: fakeRate, statuses: [429, 500, 502, 503, 504], seed: settings.seed });
    const items = Array.from({ length: settings.count }, (_, i) => `soak-${settings.seed}-${i}`);
    const uuids = new Map<string, string>();
    const outcomes = { create: new Map<string, Outcome>(), upload: new Map<string, Outcome>(), publish: new Map<string, Outcome>(), delete: new Map<string, Outcome>() };
    let done = 0;
    await pool(items, settings.concurrency, async (reference) => {
      const created = await attempt(async () => {
        const { uuid } = await client.listings.create({
          title: `Holzeisenbahn ${reference}`,
          category: 'Familie_Kind_Baby/Spielzeug',
          description: 'Vollständig, 40 Teile.',
          price: { type: 'FIXED', amount: 35 },
          customReference: reference,
        });
        uuids.set(reference, uuid);
      });
      outcomes.create.set(reference, created);
      const uuid = uuids.get(reference);
      if (uuid !== undefined) {
        outcomes.upload.set(reference, await attempt(() => client.media.upload(uuid, image, 'image/jpeg')));
        outcomes.publish.set(reference, await attempt(() => client.publications.createAndWait(uuid, { imprintUuid }, options.wait)));
        outcomes.delete.set(reference, await attempt(() => client.listings.delete(uuid)));
      }
      done += 1;
      if (done % 100 === 0) options.progress?.(`items: ${done}/${items.length}`);
    });
    running.fake.faults.setRate(null);
    running.fake.runValidations();

    const snapshot = running.fake.snapshot();
    const byReference = new Map<string, typeof snapshot.listings>();
    for (const listing of snapshot.listings) {
      const reference = String(listing.fields.customReference);
      byReference.set(reference, [...(byReference.get(reference) ?? []), listing]);
    }
    const report: KleinanzeigenSoakReport = {
      options: settings,
      create: emptyPhase(0),
      upload: emptyPhase(0),
      publish: emptyPhase(0),
      delete: emptyPhase(0),
      requests,
      faults,
      seconds: 0,
    };
    for (const reference of items) {
      const listings = byReference.get(reference) ?? [];
      judge(report.create, outcomes.create.get(reference) ?? { ok: false }, listings.length);
      const uuid = uuids.get(reference);
      const listing = listings.find((l) => l.uuid === uuid);
      if (uuid === undefined || listing === undefined) continue;
      const upload = outcomes.upload.get(reference);
      if (upload !== undefined) judge(report.upload, upload, listing.urls.length);
      const publish = outcomes.publish.get(reference);
      const publications = snapshot.publications.filter((p) => p.listingUuid === uuid);
      // Published means it went live: the listing was deleted afterwards, so a publication that was validated before
      // the delete has an ad id. Every publication of the listing counts as a copy.
      if (publish !== undefined) judge(report.publish, publish, publications.filter((p) => p.adId !== null).length, publications.length);
      const del = outcomes.delete.get(reference);
      if (del !== undefined) judge(report.delete, del, listing.deleted ? 1 : 0);
    }
    report.seconds = Math.round((Date.now() - started) / 100) / 10;
    return report;
  } finally {
    await proxy.close();
    await running.close();
  }
}

/** The report as the lines the bench prints. */
export function formatKleinanzeigenSoak(report: KleinanzeigenSoakReport): string[] {
  const faulted = Object.values(report.faults).reduce((a, b) => a + b, 0);
  const phase = (name: string, p: KleinanzeigenPhase) => [
    `${name}: ${p.attempted} attempted, ${p.succeeded} succeeded`,
    `  lost:            ${p.lost}`,
    `  duplicated:      ${p.duplicated}`,
    `  false failures:  ${p.falseFailures} (${percent(p.falseFailures, p.attempted)}; of them "outcome unknown": ${p.falseFailuresOutcomeUnknown}; claimed failures: ${percent(p.falseFailures - p.falseFailuresOutcomeUnknown, p.attempted)})`,
    `  true failures:   ${p.trueFailures} (threw, and nothing was done)`,
    `  errors thrown:   ${Object.entries(p.errors).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'}`,
    ...Object.entries(p.examples).map(([k, message]) => `    e.g. ${k}: ${message}`),
  ];
  return [
    `kleinanzeigen soak: ${report.options.count} items (listing, image upload, createAndWait, delete), client defaults, seed ${report.options.seed}, concurrency ${report.options.concurrency}`,
    `requests: ${report.requests}, faulted: ${faulted} (${percent(faulted, report.requests)})`,
    ...Object.entries(report.faults).map(([kind, n]) => `  ${kind}: ${n}`),
    ...phase('listings.create', report.create),
    ...phase('media.upload', report.upload),
    ...phase('publications.createAndWait', report.publish),
    ...phase('listings.delete', report.delete),
    `time: ${report.seconds} s`,
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runKleinanzeigenSoak({
    count: flag('count') ?? 1000,
    faultRate: flag('fault-rate') ?? 0.2,
    concurrency: flag('concurrency') ?? 50,
    seed: flag('seed') ?? 1,
    progress: (line) => console.error(line),
  });
  for (const line of formatKleinanzeigenSoak(report)) console.log(line);
}
