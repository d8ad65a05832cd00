// The macro picker in the agent's reply box: "Insert macro" puts the macro's text (filled in for this
// ticket by the server, in each option's data-text) into the message at the cursor, and offers to
// apply its actions on sending. Without JavaScript the same button posts the form and the server
// shows the page again with the text inserted (macro-pages.ts, insertMacro).
const picker = document.querySelector<HTMLElement>('[data-macro-picker]');
const select = document.getElementById('macro-pick');
const button = picker?.querySelector<HTMLButtonElement>('button[value="use-macro"]');
const box = document.getElementById('body');
const apply = document.getElementById('macro-apply');
const announcer = document.getElementById('insert-status');

function insert(): void {
  if (!(select instanceof HTMLSelectElement) || !(box instanceof HTMLTextAreaElement)) return;
  const option = select.selectedOptions[0];
  if (!option || !option.value) {
    select.focus();
    return;
  }
  const text = option.dataset.text ?? '';
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? start;
  const before = box.value.slice(0, start);
  // On its own paragraph when there is text before it.
  const gap =
    before.trim() === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  box.setRangeText(`${gap}${text}`, start, end, 'end');
  const checkbox = apply?.querySelector('input');
  const label = apply?.querySelector('span');
  if (apply && checkbox && label) {
    const sentence = option.dataset.apply ?? '';
    apply.hidden = sentence === '';
    checkbox.disabled = sentence === '';
    checkbox.checked = sentence !== '';
    checkbox.value = option.value;
    label.textContent = sentence;
  }
  box.focus();
  if (announcer && button?.dataset.announce) announcer.textContent = button.dataset.announce;
}

button?.addEventListener('click', (event) => {
  event.preventDefault();
  insert();
});
// Enter on the list inserts the chosen macro, as the button does.
select?.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    insert();
  }
});
export {};
