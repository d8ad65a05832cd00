// Live preview in the article editor: the server renders the Markdown with the site's own (sanitizing)
// pipeline, so what the agent sees is exactly what employees will get.
const box = document.querySelector<HTMLTextAreaElement>('textarea[aria-controls="preview"]');
const preview = document.getElementById('preview');
let timer: number | undefined;
let controller: AbortController | undefined;

async function render(): Promise<void> {
  if (!box || !preview) return;
  controller?.abort();
  controller = new AbortController();
  const body = new FormData();
  body.set('body', box.value);
  try {
    const response = await fetch('/api/kb/preview', { method: 'POST', body, signal: controller.signal });
    if (!response.ok) return;
    const { html } = (await response.json()) as { html: string };
    preview.innerHTML = html; // sanitized on the server by rehype-sanitize
  } catch {
    // Aborted by a newer keystroke, or offline: the next keystroke tries again.
  }
}

if (box && preview) {
  // The hint's live wording comes translated from the page (data-live).
  const hint = document.querySelector<HTMLElement>('[data-preview-hint]');
  if (hint?.dataset.live) hint.replaceChildren(hint.dataset.live);
  box.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(render, 250);
  });
  void render();
}
