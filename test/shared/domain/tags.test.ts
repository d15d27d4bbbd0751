import { describe, expect, it } from 'vitest';
import { mergeTags, splitTags } from '../../../shared/domain/tags.js';

describe('splitTags', () => {
  it('splits on commas, semicolons and pipes, trimming each tag', () => {
    // Act
    const tags = splitTags(' vip, newsletter ;partner| lead ');

    // Assess
    expect(tags).toEqual(['vip', 'newsletter', 'partner', 'lead']);
  });

  it('drops empty tags', () => {
    // Act / Assess
    expect(splitTags('vip,, ;|  ,lead,')).toEqual(['vip', 'lead']);
    expect(splitTags(' , ; ')).toEqual([]);
  });

  it('drops case-insensitive duplicates, keeping the first spelling', () => {
    // Act / Assess
    expect(splitTags('VIP,vip,Vip,Lead,LEAD')).toEqual(['VIP', 'Lead']);
  });

  it('compares tags of any script without case', () => {
    // Act / Assess
    expect(splitTags('Ärzte;ÄRZTE;Straße;STRASSE;Σοφία;ΣΟΦΊΑ')).toEqual(['Ärzte', 'Straße', 'Σοφία']);
  });

  it("splits the labels of a Google Contacts cell on ' ::: ' and drops the system group every contact has", () => {
    // Act / Assess
    expect(splitTags('* myContacts ::: Friends ::: * starred ::: Work')).toEqual([
      'Friends',
      '* starred',
      'Work',
    ]);
  });

  it('keeps spaces inside a tag', () => {
    // Act / Assess
    expect(splitTags('Trade show 2024, Key account')).toEqual(['Trade show 2024', 'Key account']);
  });
});

describe('mergeTags', () => {
  it('keeps the existing tags with their spelling and order and appends the new ones', () => {
    // Act
    const merged = mergeTags(['VIP', 'Lead'], ['lead', 'Partner', 'vip', 'Newsletter']);

    // Assess
    expect(merged).toEqual(['VIP', 'Lead', 'Partner', 'Newsletter']);
  });

  it('drops case-insensitive duplicates among the incoming tags', () => {
    // Act / Assess
    expect(mergeTags([], ['Partner', 'PARTNER'])).toEqual(['Partner']);
  });

  it('returns a new list and leaves its inputs alone', () => {
    // Prepare
    const existing = ['VIP'];
    const incoming = ['Lead'];

    // Act
    const merged = mergeTags(existing, incoming);

    // Assess
    expect(merged).toEqual(['VIP', 'Lead']);
    expect(existing).toEqual(['VIP']);
    expect(incoming).toEqual(['Lead']);
    expect(mergeTags(existing, [])).not.toBe(existing);
  });
});
