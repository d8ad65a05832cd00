import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { loadContent } from '#lib/content/load.ts';
import { translate } from '#lib/i18n/translate.ts';
import { deskWithPeople } from '#test/desk.ts';
import {
  classificationFor,
  contentCatalog,
  createMacro,
  deleteMacro,
  getMacro,
  listMacros,
  MacroActionRefused,
  MacroForbiddenError,
  MacroInputError,
  renderMacro,
  seedDemoMacros,
  sendWithMacro,
  updateMacro,
  type MacroCatalog,
  type MacroInput,
} from './macros.ts';
import { priorityFor } from './priority.ts';
import { createTicket, getTicketForViewer } from './tickets.ts';
import { changeStatus, getTimeline, linkedArticles } from './workflow.ts';

let content: ReturnType<typeof loadContent>;
let catalog: MacroCatalog;
beforeAll(() => {
  // The repository's own knowledge base: real articles and translations, real categories.
  content = loadContent(path.resolve('content'));
  catalog = contentCatalog(content, 'https://help.example.com');
});

const input = (over: Partial<MacroInput> = {}): MacroInput => ({
  name: 'Solved',
  body: 'Hello {{requester.first_name}}, done.',
  locale: 'en',
  shared: false,
  status: null,
  priority: null,
  category: null,
  article: null,
  ...over,
});

/** The English sentence of a refusal, as the person reads it. */
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof MacroInputError || error instanceof MacroForbiddenError)
      return translate('en', error.localized.key, error.localized.values);
    throw error;
  }
  throw new Error('not refused');
};

async function deskWithManager() {
  const desk = await deskWithPeople();
  const mo = toPrincipal(
    await createUser(desk.db, {
      email: 'mo@example.com',
      displayName: 'Mo Manager',
      roles: ['manager'],
      password: 'quiet river stones 9',
    }),
  );
  return { ...desk, mo };
}

describe('saving a macro', () => {
  it('refuses unknown placeholders, half-closed ones and unknown articles with a sentence, never stores them', async () => {
    const { db, alex } = await deskWithPeople();
    expect(refusal(() => createMacro(db, alex, input({ body: 'Hi {{requester.firstname}}' }), catalog))).toBe(
      '{{requester.firstname}} is not a placeholder Fixpoint knows. Use one of those listed under the text.',
    );
    expect(refusal(() => createMacro(db, alex, input({ body: 'Hi {{agent.name}' }), catalog))).toMatch(
      /placeholder that is not closed: write it as \{\{agent.name\}\}/,
    );
    expect(
      refusal(() => createMacro(db, alex, input({ body: 'See {{article:no-such-article}}' }), catalog)),
    ).toMatch(/no published article "no-such-article"/);
    expect(refusal(() => createMacro(db, alex, input({ category: 'nonsense' }), catalog))).toBe(
      'Choose a category from the list.',
    );
    // The ticket-article link is made on resolving: an article action without it is refused.
    expect(
      refusal(() =>
        createMacro(db, alex, input({ article: 'reset-your-password', status: 'pending' }), catalog),
      ),
    ).toMatch(/set the status to Resolved too/);
    expect(listMacros(db, alex)).toEqual([]);
    const id = createMacro(
      db,
      alex,
      input({
        body: '{{ agent.name }} · {{article:reset-your-password}}',
        status: 'resolved',
        article: 'reset-your-password',
      }),
      catalog,
    );
    expect(getMacro(db, id, alex)?.article).toBe('reset-your-password');
  });
});

describe('who may do what', () => {
  it('lets agents keep personal macros, and only managers and admins share or change shared ones', async () => {
    const { db, alex, bo, mo } = await deskWithManager();
    const mine = createMacro(db, alex, input({ name: 'Mine' }), catalog);
    expect(refusal(() => createMacro(db, alex, input({ shared: true }), catalog))).toBe(
      'Shared macros are changed by managers and admins.',
    );
    const shared = createMacro(db, mo, input({ name: 'Everyone', shared: true }), catalog);
    // A manager without the agent role has no use for a personal macro.
    expect(refusal(() => createMacro(db, mo, input(), catalog))).toBe('Personal macros are for agents.');

    expect(listMacros(db, alex).map((m) => m.name)).toEqual(['Everyone', 'Mine']);
    expect(listMacros(db, bo).map((m) => m.name)).toEqual(['Everyone']);
    // Someone else's personal macro does not exist for Bo, not even to be refused.
    expect(getMacro(db, mine, bo)).toBeNull();
    expect(updateMacro(db, mine, bo, input({ name: 'Taken' }), catalog)).toBe(false);
    expect(deleteMacro(db, mine, bo)).toBe(false);
    // A shared one Bo may use but not change.
    expect(
      refusal(() => updateMacro(db, shared, bo, input({ name: 'Mine now', shared: true }), catalog)),
    ).toBe('Shared macros are changed by managers and admins.');
    expect(refusal(() => deleteMacro(db, shared, alex))).toBe(
      'Shared macros are changed by managers and admins.',
    );
    // Sharing one's own macro is a manager's decision too.
    expect(refusal(() => updateMacro(db, mine, alex, input({ name: 'Mine', shared: true }), catalog))).toBe(
      'Shared macros are changed by managers and admins.',
    );
    expect(updateMacro(db, shared, mo, input({ name: 'Everyone, better', shared: true }), catalog)).toBe(
      true,
    );
    expect(updateMacro(db, mine, alex, input({ name: 'Mine, better' }), catalog)).toBe(true);
    expect(listMacros(db, bo).map((m) => m.name)).toEqual(['Everyone, better']);
    expect(deleteMacro(db, shared, mo)).toBe(true);
    expect(listMacros(db, alex).map((m) => m.name)).toEqual(['Mine, better']);
  });
});

describe('rendering a macro for a ticket', () => {
  const context = (language: 'en' | 'de' | null) => ({
    requesterName: 'Nadia Rossi-Keller',
    agentName: 'Alex Agent',
    ticket: { number: 1361, subject: 'VPN drops', language },
  });

  it('fills in the requester, the ticket and the agent', () => {
    const body =
      'Hello {{requester.first_name}} ({{requester.name}}), about {{ ticket.number }} "{{ticket.subject}}". {{agent.first_name}} / {{agent.name}}';
    expect(renderMacro({ name: 'x', body }, context('en'), catalog)).toBe(
      'Hello Nadia (Nadia Rossi-Keller), about T-1361 "VPN drops". Alex / Alex Agent',
    );
  });

  it("names an article in the ticket's language where a translation exists, else in English", () => {
    // Every starter article is translated: this one's German translation is left out.
    const untranslated = contentCatalog(
      {
        ...content,
        translations: content.translations.filter(
          (t) => !(t.slug === 'connect-to-the-vpn' && t.locale === 'de'),
        ),
      },
      'https://help.example.com',
    );
    const body = '{{article:reset-your-password}} and {{article:connect-to-the-vpn}}';
    expect(renderMacro({ name: 'x', body }, context('de'), catalog)).toBe(
      '[Kennwort zurücksetzen](https://help.example.com/kb/reset-your-password) and [VPN zum ersten Mal einrichten und verbinden](https://help.example.com/kb/connect-to-the-vpn)',
    );
    expect(renderMacro({ name: 'x', body }, context('de'), untranslated)).toBe(
      '[Kennwort zurücksetzen](https://help.example.com/kb/reset-your-password) and [Set up and connect to the VPN for the first time](https://help.example.com/kb/connect-to-the-vpn)',
    );
    expect(renderMacro({ name: 'x', body: '{{article:reset-your-password}}' }, context(null), catalog)).toBe(
      '[Reset your password](https://help.example.com/kb/reset-your-password)',
    );
  });

  it('refuses to render a placeholder it cannot fill rather than leave it in the text', () => {
    expect(() =>
      renderMacro({ name: 'Old', body: 'See {{article:gone-article}}' }, context('en'), catalog),
    ).toThrow(/The macro "Old" links the article "gone-article", which is no longer published/);
    expect(() => renderMacro({ name: 'Old', body: 'Hi {{requester.age}}' }, context('en'), catalog)).toThrow(
      /\{\{requester.age\}\} is not a placeholder/,
    );
  });
});

describe('sending a reply with a macro', () => {
  it('applies status, priority, category and the article link with the reply, each on the timeline', async () => {
    const { db, erin, alex } = await deskWithPeople();
    const { ticket } = createTicket(db, erin.id, { subject: 'Locked out', description: 'Cannot sign in.' });
    const id = createMacro(
      db,
      alex,
      input({
        body: 'Done.',
        status: 'resolved',
        priority: 2,
        category: 'accounts',
        article: 'reset-your-password',
      }),
      catalog,
    );
    const reply = 'Your password was reset. Next time: https://help.example.com/kb/reset-your-password';
    expect(sendWithMacro(db, ticket.id, alex, id, { body: reply, internal: false }, catalog)).toEqual({
      statusChanged: true,
    });
    const after = getTicketForViewer(db, ticket.number, alex)!;
    expect([after.status, after.priority, after.category, after.resolution]).toEqual([
      'resolved',
      2,
      'accounts',
      reply,
    ]);
    expect(priorityFor(after.impact, after.urgency)).toBe(2);
    expect(linkedArticles(db, ticket.id)).toEqual(['reset-your-password']);
    const events = getTimeline(db, ticket.id, { includeInternal: true }).map((e) => e.type);
    expect(events.slice(1)).toEqual(['reply', 'priority', 'category', 'impact', 'status']);
  });

  it('sends nothing when the workflow refuses an action, and says why', async () => {
    const { db, erin, alex } = await deskWithPeople();
    const { ticket } = createTicket(db, erin.id, { subject: 'Printer', description: 'Jammed.' });
    changeStatus(db, ticket.id, alex, 'resolved', { note: 'Cleared the jam.' });
    const id = createMacro(
      db,
      alex,
      input({ name: 'Wait for them', status: 'pending', category: 'printing' }),
      catalog,
    );
    const before = getTimeline(db, ticket.id, { includeInternal: true }).length;
    let refused: unknown;
    try {
      sendWithMacro(db, ticket.id, alex, id, { body: 'Could you check?', internal: false }, catalog);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(MacroActionRefused);
    const { localized, reason } = refused as MacroActionRefused;
    expect(
      translate('en', localized.key, {
        ...localized.values,
        reason: translate('en', reason.key, reason.values),
      }),
    ).toBe(
      'Nothing was sent: the macro "Wait for them" could not be applied. A resolved ticket cannot become pending. Your text is still here; untick the macro’s actions to send it without them.',
    );
    expect(getTimeline(db, ticket.id, { includeInternal: true })).toHaveLength(before);
    expect(getTicketForViewer(db, ticket.number, alex)!.category).toBeNull();
  });

  it("skips what is already so and refuses someone else's personal macro", async () => {
    const { db, erin, alex, bo } = await deskWithPeople();
    const { ticket } = createTicket(db, erin.id, { subject: 'Mouse', description: 'Dead.' });
    changeStatus(db, ticket.id, alex, 'open');
    const id = createMacro(db, alex, input({ status: 'open' }), catalog);
    expect(sendWithMacro(db, ticket.id, alex, id, { body: 'On it.', internal: false }, catalog)).toEqual({
      statusChanged: false,
    });
    expect(() => sendWithMacro(db, ticket.id, bo, id, { body: 'Mine?', internal: false }, catalog)).toThrow(
      /no longer exists, or it is not yours/,
    );
  });
});

describe('the demo', () => {
  it('seeds five shared macros that pass the same checks as any other, once', async () => {
    const { db, alex } = await deskWithPeople();
    expect(seedDemoMacros(db, catalog)).toBe(5);
    expect(seedDemoMacros(db, catalog)).toBe(0);
    const macros = listMacros(db, alex);
    expect(macros.map((m) => m.ownerId)).toEqual([null, null, null, null, null]);
    const context = {
      requesterName: 'Erin Example',
      agentName: 'Alex',
      ticket: { number: 1001, subject: 'VPN', language: null },
    };
    for (const m of macros) expect(renderMacro(m, context, catalog)).not.toMatch(/\{\{|\}\}/);
  });
});

describe('priority as impact and urgency', () => {
  it('changes as little as possible to reach the priority', () => {
    expect(classificationFor(3, { impact: 'one', urgency: 'medium' })).toEqual({
      impact: 'one',
      urgency: 'medium',
    });
    // Keeps the urgency, changes the impact.
    expect(classificationFor(2, { impact: 'one', urgency: 'medium' })).toEqual({
      impact: 'department',
      urgency: 'medium',
    });
    // P1 exists only as organisation × high.
    expect(classificationFor(1, { impact: 'one', urgency: 'low' })).toEqual({
      impact: 'organisation',
      urgency: 'high',
    });
    for (const p of [1, 2, 3, 4]) {
      const c = classificationFor(p, { impact: 'several', urgency: 'low' });
      expect(priorityFor(c.impact, c.urgency)).toBe(p);
    }
  });
});
