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

describe('splitTags: quoted tags', () => {
  it('drops the double quotes around each tag, as Mailchimp writes them', () => {
    // Act / Assess
    expect(splitTags('"2023 Conference","Newsletter"')).toEqual(['2023 Conference', 'Newsletter']);
  });

  it('keeps a separator inside quotes as part of the tag', () => {
    // Act / Assess
    expect(splitTags('"Smith, Jones & Co", VIP')).toEqual(['Smith, Jones & Co', 'VIP']);
  });

  it('keeps quotes that do not surround a whole tag', () => {
    // Act / Assess
    expect(splitTags('The "best" one; other')).toEqual(['The "best" one', 'other']);
  });

  it('drops a quoted empty tag and de-duplicates quoted and bare spellings', () => {
    // Act / Assess
    expect(splitTags('"",VIP,"vip"')).toEqual(['VIP']);
  });
});
