import { describe, expect, it } from 'vitest';
import { sentFieldsMatch } from '../src/runtime/duplicate.js';

describe('sentFieldsMatch: is the stored ad the one a lost create sent?', () => {
  const sent = { source_id: 'a', title: 'Båt <3', body: '  Fin båt  ', image_urls: ['https://x.se/1'], category_fields: { brand: 'buster' } };

  it('text stored exactly as sent matches (the documents describe no rewriting)', () => {
    expect(sentFieldsMatch(sent, { source_id: 'a', title: 'Båt <3', body: '  Fin båt  ', category_fields: { brand: 'buster', extra: 1 } })).toBe(true);
  });

  it('tolerates trimmed text (a DRF CharField default) and < > stored as -', () => {
    expect(sentFieldsMatch(sent, { source_id: 'a', title: 'Båt -3', body: 'Fin båt', category_fields: { brand: 'buster' } })).toBe(true);
  });

  it('other text, or another value of any field, is another ad', () => {
    expect(sentFieldsMatch(sent, { source_id: 'a', title: 'Båt 3', body: 'Fin båt', category_fields: { brand: 'buster' } })).toBe(false);
    expect(sentFieldsMatch(sent, { source_id: 'a', title: 'Båt <3', body: 'Fin båt', category_fields: { brand: 'linder' } })).toBe(false);
  });
});
