import { describe, expect, it } from 'vitest';
import { languageDetector } from './language.ts';

describe('the language a request is written in', () => {
  const detect = languageDetector();
  it('tells German and Italian by their function words', () => {
    expect(detect('Mein Drucker druckt nicht mehr, die Warteschlange hängt')).toBe('de');
    expect(detect('il pc non si accende più dopo l’aggiornamento')).toBe('it');
    expect(detect('Outlook keeps asking for my password')).toBe('en');
  });

  it('does not take an English word German or Italian also use for evidence', () => {
    expect(detect('Docking station dead\nNo monitors since **Monday**.')).toBe('en');
    expect(detect('So the VPN will not connect')).toBe('en');
    expect(detect('VPN', 'de')).toBe('de');
  });
});
