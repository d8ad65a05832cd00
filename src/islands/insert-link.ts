// "Insert link" buttons next to articles on the agent's ticket page: put a Markdown link into the reply
// box at the cursor. Without JavaScript the buttons stay hidden and the Markdown is there to copy.
const announcer = document.getElementById('insert-status');

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-insert-markdown]')) {
  button.hidden = false;
  // The Markdown to copy by hand is only needed without the button.
  if (button.nextElementSibling?.classList.contains('copy-markdown'))
    (button.nextElementSibling as HTMLElement).hidden = true;
  button.addEventListener('click', () => {
    const box = document.getElementById(button.dataset.target ?? 'body');
    if (!(box instanceof HTMLTextAreaElement)) return;
    const link = button.dataset.insertMarkdown ?? '';
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? start;
    const before = box.value.slice(0, start);
    // A link on its own words: a space before it unless at a line start, and after it unless the text goes on with one.
    const text = `${before && !/\s$/.test(before) ? ' ' : ''}${link}${/^\s/.test(box.value.slice(end)) ? '' : ' '}`;
    box.setRangeText(text, start, end, 'end');
    box.focus();
    // The sentence comes translated from the server (data-announce), in the page's language.
    if (announcer && button.dataset.announce) announcer.textContent = button.dataset.announce;
  });
}
