import { describe, expect, it } from 'vitest';
import { resourceNames, validatePayload } from '../../src/validators/index.js';

const BAD_REQUEST = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid request content.' };

describe('documented rules refuse, with the exact body', () => {
  it('a media type other than image/jpeg or image/png: the documented 415, not a 400', () => {
    const outcome = validatePayload('media', 'requestTicket', { mediaType: 'image/gif' });
    expect(outcome).toEqual({
      success: false,
      errors: {
        type: 'about:blank',
        title: 'Unsupported Media Type',
        status: 415,
        detail: "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png",
      },
      warnings: [],
    });
    // A body that is wrong otherwise too fails its validation first (400), as Spring reads a body before the handler.
    const twice = validatePayload('media', 'requestTicket', { mediaType: 'image/gif' }, { strict: true });
    expect(twice.success ? undefined : twice.errors.status).toBe(415);
    const number = validatePayload('media', 'requestTicket', { mediaType: 7 });
    expect(number.success ? undefined : number.errors.status).toBe(400);
  });

  it('a ticket request without a media type', () => {
    const outcome = validatePayload('media', 'requestTicket', {});
    expect(outcome.success ? undefined : outcome.errors).toEqual({ ...BAD_REQUEST, errors: [{ field: 'mediaType', message: 'must not be null' }] });
  });

  it('a price without its amount, and a number given as text, on update', () => {
    const outcome = validatePayload('listings', 'update', { price: { type: 'FIXED' }, buyNow: 'yes' });
    expect(outcome.success ? undefined : outcome.errors).toEqual({
      ...BAD_REQUEST,
      errors: [
        { field: 'buyNow', message: 'Cannot deserialize value of type `java.lang.Boolean` from String value' },
        { field: 'price.amount', message: 'must not be null' },
      ],
    });
  });

  it('an imprint without content', () => {
    const outcome = validatePayload('imprints', 'create', { contents: 'typo' });
    expect(outcome.success ? undefined : outcome.errors).toEqual({ ...BAD_REQUEST, errors: [{ field: 'content', message: 'must not be null' }] });
    // The typo itself is only a warning: Jackson ignores unknown properties.
    expect(outcome.warnings.map((w) => w.path)).toEqual(['contents']);
  });

  it('a republish body that is not {}', () => {
    const outcome = validatePayload('publications', 'republish', { requestedState: 'PUBLISHED' });
    expect(outcome.success ? undefined : outcome.errors).toEqual({ ...BAD_REQUEST, errors: [{ field: 'requestedState', message: 'must not be present' }] });
  });
});

describe('reconstructed rules warn, and refuse in strict mode', () => {
  const noTitle = { category: 'Spielzeug', description: 'Actionfiguren, wie neu' };

  it('a listing without a title is sent (which fields create requires is reconstructed, G-5)', () => {
    const outcome = validatePayload('listings', 'create', noTitle);
    expect(outcome.success).toBe(true);
    expect(outcome.warnings).toEqual([
      { path: 'title', message: 'must not be null', source: { kind: 'reconstructed', reason: expect.stringMatching(/^G-5: which fields the create body requires/) } },
    ]);
  });

  it('strict refuses it with the body the server would give if the rule were real', () => {
    const outcome = validatePayload('listings', 'create', noTitle, { strict: true });
    expect(outcome.success ? undefined : outcome.errors).toEqual({ ...BAD_REQUEST, errors: [{ field: 'title', message: 'must not be null' }] });
  });

  it('an undocumented price type and an unknown field warn, naming their sources', () => {
    const outcome = validatePayload('listings', 'update', { price: { type: 'VB', amount: 5 }, titel: 'typo' });
    expect(outcome.success).toBe(true);
    expect(outcome.warnings.map((w) => [w.path, w.message, w.source.kind])).toEqual([
      ['price.type', 'must be one of [FIXED, NEGOTIABLE, GIVE_AWAY]', 'reconstructed'],
      ['titel', 'Not a field of this schema: the server most likely ignores it (a typo?).', 'reconstructed'],
    ]);
    const strict = validatePayload('listings', 'update', { price: { type: 'VB', amount: 5 }, titel: 'typo' }, { strict: true });
    expect(strict.success ? undefined : strict.errors).toEqual({
      ...BAD_REQUEST,
      errors: [
        { field: 'price.type', message: 'must be one of [FIXED, NEGOTIABLE, GIVE_AWAY]' },
        { field: 'titel', message: 'must not be present' },
      ],
    });
  });

  it('the attach field name is reconstructed (G-7): a missing ticketUuid warns', () => {
    const outcome = validatePayload('media', 'attach', {});
    expect(outcome.success).toBe(true);
    expect(outcome.warnings.map((w) => [w.path, w.message])).toEqual([['ticketUuid', 'must not be null']]);
  });

  it('a complete body passes without warnings', () => {
    const outcome = validatePayload('listings', 'create', {
      title: 'Actionfiguren',
      category: 'Familie_Kind_Baby/Spielzeug',
      description: 'Wie neu',
      attributes: { art: 'actionfiguren', condition: 'like_new' },
      adType: 'OFFER',
      price: { type: 'FIXED', amount: 25 },
    });
    expect(outcome).toMatchObject({ success: true, warnings: [] });
  });
});

describe('validatePayload', () => {
  it('knows every resource', () => {
    expect(resourceNames).toEqual(['imprints', 'listings', 'media', 'publications']);
  });

  it('refuses an unknown resource or kind, naming the known ones', () => {
    expect(() => validatePayload('cars', 'create', {})).toThrow('validatePayload: unknown resource "cars"; use one of imprints, listings, media, publications.');
    expect(() => validatePayload('media', 'upload', {})).toThrow('validatePayload: "media" has no "upload" body; use one of attach, reorder, requestTicket.');
    expect(() => validatePayload('media', 'toString', {})).toThrow('has no "toString" body');
  });
});
