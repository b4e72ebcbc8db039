import { readFile } from 'node:fs/promises';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { startKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';

export type QuickstartOptions = {
  /** How long the fake's validation of a publication takes, in ms. */
  latencyMs?: number;
  print?: (line: string) => void;
};

const IMAGES = new URL('../images/', import.meta.url);
const CLIENT = { clientId: 'quickstart-shop', clientSecret: 'quickstart-secret' };

/**
 * The create-ad guide against the fake, one line per step: token, imprint, listing, two images, reorder, publish and
 * wait, update and republish, pause, resume, delete.
 *
 * @example
 * await runQuickstart({ print: console.log });
 */
export async function runQuickstart(options: QuickstartOptions = {}): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  // 1. The fake, in-process on a free port: the goods API, its token endpoint and the presigned-upload storage.
  const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: options.latencyMs ?? 300, clients: [CLIENT] } });
  try {
    print(`fake API at ${running.baseUrl}`);
    // 2. The client fetches a token with the client credentials on its first call, caches and renews it.
    const client = createKleinanzeigenClient({ ...CLIENT, baseUrl: running.baseUrl, tokenUrl: running.tokenUrl });

    // 3. An imprint (the seller's legal notice), then the listing.
    const { uuid: imprintUuid } = await client.imprints.create({ content: 'Muster Spielwaren GmbH, Musterstraße 1, 10115 Berlin' });
    print(`imprint ${imprintUuid}`);
    const { uuid } = await client.listings.create({
      category: 'Familie_Kind_Baby/Spielzeug',
      title: 'Actionfiguren, Sammlung',
      description: 'Zwölf Figuren, vollständig, wie neu.',
      attributes: { art: 'actionfiguren', condition: 'like_new', versand: 'ja' },
      adType: 'OFFER',
      price: { type: 'FIXED', amount: 100 },
      customReference: 'QS-1',
    });
    print(`listing ${uuid}`);

    // 4. Two images: each is a ticket, a PUT of the bytes to the presigned URL, and the attach.
    await client.media.upload(uuid, await readFile(new URL('front.jpg', IMAGES)), 'image/jpeg');
    const urls = await client.media.upload(uuid, await readFile(new URL('back.png', IMAGES)), 'image/png');
    print(`uploaded ${urls.length} images`);

    // 5. Reorder: the same set of URLs, the first is the cover.
    const reordered = [...urls].reverse();
    await client.media.reorder(uuid, { urls: reordered });
    const cover = (await client.listings.get(uuid)).urls?.[0];
    print(`cover is now ${cover === reordered[0] ? 'the PNG' : cover}`);

    // 6. Publish under the imprint and wait until the asynchronous validation is done.
    const publication = await client.publications.createAndWait(uuid, { imprintUuid, location: { zipCode: '10115', city: 'Berlin' } });
    print(`publication ${publication.uuid}: ${publication.status}, ad ${publication.adId}`);

    // 7. Update the listing (partial), then republish so the change goes live.
    await client.listings.update(uuid, { price: { type: 'FIXED', amount: 90 } });
    const republished = await client.publications.republishAndWait(uuid, publication.uuid, { requestedState: 'PUBLISHED' });
    const price = (await client.listings.get(uuid)).adPrice;
    print(`republished: ${republished.status}, price now ${JSON.stringify(price)}`);

    // 8. Pause and resume.
    await client.publications.setState(uuid, publication.uuid, { requestedState: 'PAUSED' });
    print(`paused: ${(await client.publications.get(uuid, publication.uuid)).status}`);
    await client.publications.setState(uuid, publication.uuid, { requestedState: 'RESUMED' });
    print(`resumed: ${(await client.publications.get(uuid, publication.uuid)).status}`);

    // 9. Delete: the listing and its publications go offline.
    await client.listings.delete(uuid);
    const gone = await client.listings.get(uuid).then(
      () => 'still there',
      (error: unknown) => `${(error as { status?: number }).status}`,
    );
    print(`deleted: GET answers ${gone}`);
  } finally {
    await running.close();
  }
}
