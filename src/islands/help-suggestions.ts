export {};

// Suggestions while the employee types: /help (subject and details) and the home page's problem box
// (subject only). Each form marked `data-suggest="<id of its suggestions section>"` gets them. The pages
// work without this script: "Find answers" renders the same list on the server.
type Result = {
  slug: string;
  type: string;
  title: string;
  url: string;
  snippet: string;
  category: string;
  /** The language the title and snippet are in (en, de, it). */
  locale?: string;
};
/** An open major incident the text names (the server matched it): offered first. */
type IncidentMatch = {
  id: number;
  title: string;
  status: string;
  message: string;
  url: string;
  affected?: boolean;
};

/**
 * The words this script writes, already in the reader's language: SuggestStrings.astro puts them on
 * the page (counts for 0–10, the most the suggestion API answers).
 */
type Strings = {
  none: string;
  /** None left after the person answered "No" to what was suggested. */
  noneElse: string;
  count: string[];
  limited: string;
  unavailable: string;
  article: string;
  faq: string;
  seeBelow: string[];
  incident: string;
  affected: string;
  /** Said by someone who already said "I'm affected too". */
  following: string;
  /** The page's language, and "in English" etc. for results in another one. */
  pageLocale: string;
  inLanguage: Record<string, string>;
};
const STRINGS = JSON.parse(document.getElementById('suggest-strings')?.dataset.strings ?? '{}') as Strings;
const countText = (n: number) => STRINGS.count?.[n] ?? STRINGS.count?.at(-1) ?? String(n);
const seeBelowText = (n: number) => STRINGS.seeBelow?.[n] ?? STRINGS.seeBelow?.at(-1) ?? '';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-suggest]')) {
  const section = document.getElementById(form.dataset.suggest ?? '');
  const subject = form.querySelector<HTMLInputElement>('[data-suggest-subject]');
  const description = form.querySelector<HTMLTextAreaElement>('[data-suggest-details]');
  const statusLine = section?.querySelector<HTMLElement>('[data-suggest-status]');
  const results = section?.querySelector<HTMLElement>('[data-suggest-results]');
  if (section && subject && statusLine && results) attach(form, subject, description, statusLine, results);
}

/** One suggestion as a link into the article, carrying the help request's id. */
function buildSuggestion(item: Result, requestId: string, labels: Record<string, string>): HTMLAnchorElement {
  const a = document.createElement('a');
  a.className = 'suggestion';
  a.dataset.slug = item.slug;
  a.href = `${item.url}?rid=${encodeURIComponent(requestId)}`;
  a.dataset.locale = item.locale ?? '';
  // A result in another language than the page's says so, and is marked for screen readers.
  const other = item.locale && item.locale !== STRINGS.pageLocale ? item.locale : null;
  const title = document.createElement('span');
  title.className = 'suggestion-title';
  title.textContent = item.title;
  if (other) title.lang = other;
  const meta = document.createElement('span');
  meta.className = 'meta';
  const pill = document.createElement('span');
  pill.className = item.type === 'faq' ? 'pill faq' : 'pill';
  pill.textContent = item.type === 'faq' ? STRINGS.faq : STRINGS.article;
  meta.append(pill, ` ${labels[item.category] ?? item.category}`);
  if (other && STRINGS.inLanguage?.[other]) meta.append(` · ${STRINGS.inLanguage[other]}`);
  const snippet = document.createElement('span');
  snippet.className = 'suggestion-snippet';
  if (other) snippet.lang = other;
  // The server escapes the summary and adds only <mark> around matched words.
  snippet.innerHTML = item.snippet;
  snippet.dataset.html = item.snippet;
  a.append(title, meta, snippet);
  return a;
}

/** Renders answers into the list, keeping the elements of suggestions that stay listed. */
function renderer(
  statusLine: HTMLElement,
  results: HTMLElement,
  requestId: string,
  labels: Record<string, string>,
) {
  return (items: Result[], degraded: boolean, declined: number) => {
    const n = items.length;
    const none = declined > 0 ? STRINGS.noneElse : STRINGS.none;
    statusLine.textContent = n === 0 ? none : `${countText(n)}${degraded ? STRINGS.limited : ''}`;
    // An answer arriving while the employee clicks or tabs through the list must not replace the link
    // under the pointer or the focus (a click whose mousedown and mouseup land on different elements is
    // lost): suggestions still listed keep their element, and only their title and snippet are refreshed.
    const active = document.activeElement as HTMLElement | null;
    const focusedIndex = [...results.querySelectorAll('a.suggestion')].indexOf(active as Element);
    const existing = new Map(
      [...results.querySelectorAll<HTMLAnchorElement>('a.suggestion')].map((a) => [a.dataset.slug!, a]),
    );
    const list =
      results.querySelector<HTMLOListElement>('ol.suggestion-list') ??
      Object.assign(document.createElement('ol'), { className: 'suggestion-list plain-list' });
    const rows = items.map((item) => {
      const found = existing.get(item.slug);
      // Kept only in the same language: another one changes the title, the snippet and their marks.
      const kept = found?.dataset.locale === (item.locale ?? '') ? found : undefined;
      if (kept) {
        const title = kept.querySelector<HTMLElement>('.suggestion-title')!;
        if (title.textContent !== item.title) title.textContent = item.title;
        const snippet = kept.querySelector<HTMLElement>('.suggestion-snippet')!;
        if (snippet.dataset.html !== item.snippet) {
          snippet.innerHTML = item.snippet;
          snippet.dataset.html = item.snippet;
        }
        return kept.parentElement as HTMLLIElement;
      }
      const li = document.createElement('li');
      li.append(buildSuggestion(item, requestId, labels));
      return li;
    });
    rows.forEach((li, i) => {
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    });
    while (list.children.length > rows.length) list.lastElementChild!.remove();
    if (n === 0) results.replaceChildren();
    else if (list.parentElement !== results) results.replaceChildren(list);
    // Moving the focused link blurs it, and a link that left the list takes the focus with it.
    if (focusedIndex >= 0 && document.activeElement !== active) {
      (list.contains(active)
        ? active
        : list.querySelectorAll<HTMLAnchorElement>('a.suggestion')[Math.min(focusedIndex, n - 1)]
      )?.focus();
    }
  };
}

/**
 * On a phone the list sits below the details field, out of sight while typing: the form's peek line
 * (shown by CSS on narrow screens only) names the best suggestion and links to the list.
 */
function peekAtBest(form: HTMLFormElement, requestId: string): (items: Result[]) => void {
  const line = form.querySelector<HTMLElement>('[data-suggest-peek]');
  const link = line?.querySelector<HTMLAnchorElement>('[data-peek-link]');
  const all = line?.querySelector<HTMLAnchorElement>('[data-peek-all]');
  return (items) => {
    if (!line || !link || !all) return;
    const best = items[0];
    line.hidden = !best;
    if (!best) return;
    link.textContent = best.title;
    link.href = `${best.url}?rid=${encodeURIComponent(requestId)}`;
    all.textContent = seeBelowText(items.length);
  };
}

/** Open incidents the request names, first, each with "I'm affected too" (the server's form, as on /help without script). */
function incidentRenderer(form: HTMLFormElement): (incidents: IncidentMatch[]) => void {
  const section = document.getElementById(form.dataset.suggest ?? '');
  const holder = section?.querySelector<HTMLElement>('[data-suggest-incidents]');
  return (incidents) => {
    if (!holder) return;
    const shown = [...holder.querySelectorAll<HTMLElement>('li[data-incident]')].map(
      (li) => li.dataset.incident,
    );
    if (shown.join() === incidents.map((i) => String(i.id)).join() && shown.length > 0) return;
    if (incidents.length === 0) {
      holder.replaceChildren();
      return;
    }
    const list = document.createElement('ul');
    list.className = 'incident-matches plain-list';
    for (const incident of incidents) {
      const li = document.createElement('li');
      li.className = 'incident-match';
      li.dataset.incident = String(incident.id);
      const title = document.createElement('p');
      title.className = 'incident-match-title';
      const pill = document.createElement('span');
      pill.className = 'pill warn';
      pill.textContent = STRINGS.incident.replace('{status}', incident.status);
      const link = document.createElement('a');
      link.href = incident.url;
      link.textContent = incident.title;
      title.append(pill, ' ', link);
      const message = document.createElement('p');
      message.textContent = incident.message;
      const affected = document.createElement('form');
      affected.method = 'post';
      affected.action = incident.url;
      const hidden = (name: string, value: string) =>
        Object.assign(document.createElement('input'), { type: 'hidden', name, value });
      const button = document.createElement('button');
      button.className = 'button small';
      button.type = 'submit';
      const named = document.createElement('span');
      named.className = 'visually-hidden';
      named.textContent = `: ${incident.title}`;
      button.append(STRINGS.affected, named);
      affected.append(hidden('action', 'affected'), hidden('next', holder.dataset.next ?? '/help'));
      // The help request it is said from: it then counts as deflected by the incident.
      if (holder.dataset.rid) affected.append(hidden('rid', holder.dataset.rid));
      affected.append(button);
      if (incident.affected) {
        const following = document.createElement('p');
        following.className = 'meta';
        following.textContent = STRINGS.following;
        li.append(title, message, following);
      } else li.append(title, message, affected);
      list.append(li);
    }
    holder.replaceChildren(list);
  };
}

/**
 * The tab keeps what was typed too: the server holds the request's text, but a web worker writes it in
 * batches, so "No, back to my request" right after leaving can be served by another worker before the
 * text is written. Fields the server left empty are filled from here (never overwritten).
 */
function keepDraftInTab(
  requestId: string,
  subject: HTMLInputElement,
  description: HTMLTextAreaElement | null,
) {
  const draftKey = `fixpoint.help.${requestId}`;
  const keepDraft = () => {
    try {
      sessionStorage.setItem(
        draftKey,
        JSON.stringify({ subject: subject.value, description: description?.value ?? '' }),
      );
    } catch {
      // storage full or disabled: the server's copy still applies
    }
  };
  try {
    const kept = JSON.parse(sessionStorage.getItem(draftKey) ?? 'null') as {
      subject?: string;
      description?: string;
    } | null;
    if (kept && !subject.value) subject.value = kept.subject ?? '';
    if (kept && description && !description.value) description.value = kept.description ?? '';
  } catch {
    // nothing kept
  }
  return keepDraft;
}

/**
 * Node refuses a request head over 16 KB (431), so a long pasted log in the address would stop the
 * suggestions; past this many characters the text goes as a form instead (/api/suggest takes both).
 */
const LONGEST_ADDRESS = 8_000;

/** Asks /api/suggest for the text: in the address while it is short (as people type), else as a POST form. */
function askForSuggestions(q: string, requestId: string, init: RequestInit): Promise<Response> {
  const params = new URLSearchParams({ q, rid: requestId });
  const headers = { accept: 'application/json' };
  const address = `/api/suggest?${params}`;
  return address.length <= LONGEST_ADDRESS
    ? fetch(address, { ...init, headers })
    : fetch('/api/suggest', { ...init, method: 'POST', headers, body: params });
}

/** Arrow keys move from the subject into the list and through it; Escape goes back to typing. */
function navigateWithKeys(subject: HTMLInputElement, results: HTMLElement): void {
  const links = () => [...results.querySelectorAll<HTMLAnchorElement>('a.suggestion')];
  const onKey = (event: KeyboardEvent) => {
    const all = links();
    if (all.length === 0) return;
    const index = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'ArrowDown' && (index >= 0 || event.target === subject)) {
      event.preventDefault();
      all[Math.min(all.length - 1, index + 1)]!.focus();
    } else if (event.key === 'ArrowUp' && index >= 0) {
      event.preventDefault();
      if (index === 0) subject.focus();
      else all[index - 1]!.focus();
    } else if (event.key === 'Escape' && index >= 0) {
      subject.focus();
    }
  };
  subject.addEventListener('keydown', onKey);
  results.addEventListener('keydown', onKey);
}

function attach(
  form: HTMLFormElement,
  subject: HTMLInputElement,
  description: HTMLTextAreaElement | null,
  statusLine: HTMLElement,
  results: HTMLElement,
): void {
  const requestId = form.dataset.requestId ?? '';
  const labels: Record<string, string> = JSON.parse(
    results.closest('[data-labels]')?.getAttribute('data-labels') ?? '{}',
  );
  const DEBOUNCE_MS = 120;
  // An answer ranked before the text's own sentence vector was ready says `refining`: the vector is
  // computed meanwhile, and asking again this much later gives the final ranking. The encoder usually
  // has it within the first wait; when it is busy (a burst, a first start) the page waits longer each
  // time, and stops after the last (the server keeps a late vector for 2 s), so a person who stopped
  // typing still ends up with the final list.
  const REFINE_MS = [150, 300, 600];
  let timer: number | undefined;
  let refineTimer: number | undefined;
  /** The text the server last answered for (so it holds it as the request's draft). */
  let recorded = '';
  let inFlight: AbortController | undefined;
  let latest = 0;
  const text = () => `${subject.value}\n${description?.value ?? ''}`;
  const renderList = renderer(statusLine, results, requestId, labels);
  const peek = peekAtBest(form, requestId);
  const renderIncidents = incidentRenderer(form);
  const render = (items: Result[], degraded: boolean, incidents: IncidentMatch[] = [], declined = 0) => {
    renderList(items, degraded, declined);
    peek(items);
    renderIncidents(incidents);
  };
  const keepDraft = keepDraftInTab(requestId, subject, description);

  /** `attempt`: how many times this text was asked again after a `refining` answer. */
  const fetchSuggestions = async (attempt = 0) => {
    window.clearTimeout(refineTimer);
    const q = text();
    if (q.trim().length < 3) {
      inFlight?.abort();
      results.replaceChildren();
      peek([]);
      renderIncidents([]);
      statusLine.textContent = '';
      return;
    }
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const sequence = ++latest;
    try {
      const res = await askForSuggestions(q, requestId, { signal: controller.signal });
      if (!res.ok) throw new Error(String(res.status));
      recorded = q;
      const body = (await res.json()) as {
        results: Result[];
        incidents?: IncidentMatch[];
        degraded?: boolean;
        refining?: boolean;
        declined?: number;
      };
      // Never show an older answer over a newer one.
      if (sequence !== latest) return;
      // Only for the text still there with nothing else asked meanwhile.
      const wait = body.refining ? REFINE_MS[attempt] : undefined;
      // A provisional "nothing fits" (ranked from the words alone) is not shown: the final answer
      // follows in a moment, and saying "no articles" in between would flash the ticket offer.
      if (wait === undefined || body.results.length > 0)
        render(body.results, Boolean(body.degraded), body.incidents ?? [], body.declined ?? 0);
      if (wait !== undefined)
        refineTimer = window.setTimeout(() => {
          if (text() === q && inFlight === undefined) void fetchSuggestions(attempt + 1);
        }, wait);
    } catch (error) {
      if ((error as Error).name === 'AbortError' || sequence !== latest) return;
      statusLine.textContent = STRINGS.unavailable;
    } finally {
      if (inFlight === controller) inFlight = undefined;
    }
  };

  const onInput = () => {
    keepDraft();
    window.clearTimeout(refineTimer);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void fetchSuggestions(), DEBOUNCE_MS);
  };
  subject.addEventListener('input', onInput);
  description?.addEventListener('input', onInput);
  // Leaving right after typing (clicking a suggestion within the debounce) must not lose what was typed:
  // the server keeps the request's text so "No, back to my request" can restore it.
  window.addEventListener('pagehide', () => {
    const q = text();
    if (q === recorded || q.trim().length < 3) return;
    window.clearTimeout(timer);
    void askForSuggestions(q, requestId, { keepalive: true }).catch(() => {});
  });
  // Back from an article, the browser may restore the typed text without input events.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted || (text().trim().length >= 3 && !results.hasChildNodes())) void fetchSuggestions();
  });
  navigateWithKeys(subject, results);
}
