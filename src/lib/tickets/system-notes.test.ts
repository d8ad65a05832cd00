import { describe, expect, it } from 'vitest';
import { createI18n } from '#lib/i18n/i18n.ts';
import { incidentResolutionNote, systemNoteMessage } from './system-notes.ts';
import { autoCloseNote } from './workflow.ts';

describe('notes the desk writes itself', () => {
  it('are worded in the reader’s language', () => {
    const note = systemNoteMessage(autoCloseNote(7));
    expect(createI18n('en', 'UTC').text(note!)).toBe(autoCloseNote(7));
    expect(createI18n('de', 'UTC').text(note!)).toBe('Automatisch geschlossen, 7 Tage nach der Lösung.');
    expect(createI18n('it', 'UTC').text(note!)).toBe('Chiuso automaticamente 7 giorni dopo la risoluzione.');
    expect(createI18n('de', 'UTC').text(systemNoteMessage(autoCloseNote(1))!)).toContain('1 Tag ');
  });

  it('word a resolution by a major incident around its own title and closing note', () => {
    const stored = incidentResolutionNote(
      'Outlook "down" for Berlin',
      'The certificate was renewed.\nRestart Outlook.',
    );
    expect(createI18n('de', 'UTC').text(systemNoteMessage(stored)!)).toBe(
      'Gelöst mit dem Major Incident „Outlook "down" for Berlin“: The certificate was renewed.\nRestart Outlook.',
    );
    expect(createI18n('it', 'UTC').text(systemNoteMessage(stored)!)).toMatch(
      /^Risolto con l’incidente grave «Outlook/,
    );
  });

  it('leave what people wrote alone, even when it quotes a note', () => {
    expect(systemNoteMessage(null)).toBeNull();
    expect(systemNoteMessage('Thanks, that fixed it.')).toBeNull();
    expect(systemNoteMessage(`${autoCloseNote(7)} Why?`)).toBeNull();
    expect(systemNoteMessage('Closed automatically X days after it was resolved.')).toBeNull();
  });
});
