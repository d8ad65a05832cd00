// The report period form: choosing dates means "custom". The time-zone select always shows the zone the
// numbers on the page are counted in; when the browser's zone differs, a button offers to show them in it
// (changing the select alone would show one zone beside numbers counted in another). The button's words come
// from the page, in the reader's language, around the zone's name (data-before, data-after).
const form = document.querySelector<HTMLFormElement>('form.period-form');
if (form) {
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="date"]')) {
    input.addEventListener('change', () => {
      const custom = form.querySelector<HTMLInputElement>('input[name="range"][value="custom"]');
      if (custom) custom.checked = true;
    });
  }
  const zone = form.querySelector<HTMLSelectElement>('select[name="tz"]');
  const offer = document.querySelector<HTMLButtonElement>('button[data-zone-offer]');
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && offer && browserZone && browserZone !== zone.dataset.shown) {
    offer.textContent = `${offer.dataset.before ?? ''}${browserZone}${offer.dataset.after ?? ''}`;
    offer.parentElement?.removeAttribute('hidden');
    offer.addEventListener('click', () => {
      if (![...zone.options].some((o) => o.value === browserZone))
        zone.add(new Option(browserZone, browserZone));
      zone.value = browserZone;
      form.requestSubmit();
    });
  }
}
