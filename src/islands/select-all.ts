// The queue's "Select all on this page": without script a link that reloads the page with every box
// checked; with it, the boxes are checked in place and the count of selected tickets is announced.
const toggle = document.getElementById('select-all');
const counter = document.getElementById('selected-count');
const boxes = [...document.querySelectorAll<HTMLInputElement>('input.bulk-pick')];

function announce(): void {
  if (!toggle || !counter) return;
  const picked = boxes.filter((b) => b.checked).length;
  const all = picked === boxes.length && boxes.length > 0;
  toggle.textContent = (all ? toggle.dataset.clear : toggle.dataset.select) ?? '';
  // The sentences come translated from the server for 1 and 2 tickets; the number is put in its place.
  const sentence = picked === 1 ? toggle.dataset.one : toggle.dataset.other;
  counter.textContent = picked > 0 ? (sentence ?? '').replace(/\d+/, String(picked)) : '';
}

if (toggle) {
  toggle.setAttribute('role', 'button');
  toggle.addEventListener('click', (event) => {
    event.preventDefault();
    const all = boxes.every((b) => b.checked);
    for (const box of boxes) box.checked = !all;
    announce();
  });
  toggle.addEventListener('keydown', (event) => {
    if (event.key === ' ') {
      event.preventDefault();
      toggle.click();
    }
  });
  for (const box of boxes) box.addEventListener('change', announce);
}
